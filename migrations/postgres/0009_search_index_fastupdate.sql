-- The full-text indexes take each new row's words at once instead of
-- through GIN's pending list. With the list (the default), inserts are
-- cheap until it reaches its limit (4 MB); then the one insert that finds
-- it full moves the whole list into the index before it returns. Under a
-- steady 2,000 replies a second that was one statement of 120–290 ms every
-- five to ten seconds, with every reply behind it waiting. Autovacuum
-- empties the list too, but only where it is on and when it comes round.
-- Per row, each insert costs a little more and none costs a lot.
ALTER INDEX posts_search SET (fastupdate = off);
ALTER INDEX threads_search SET (fastupdate = off);
-- What is already in the lists goes into the indexes now.
SELECT gin_clean_pending_list('posts_search'::regclass);
SELECT gin_clean_pending_list('threads_search'::regclass);
