// Package apjson writes everything Portal sends or serves over ActivityPub:
// actors, posts, activities and collections, as compacted JSON-LD documents.
//
// Callers describe a document with the plain structs of this package ([Actor],
// [Object], [Activity], [Collection]); [Marshal] turns it into bytes and
// [MarshalMap] into the map those bytes come from. Nothing else in Portal
// should assemble ActivityPub JSON by hand.
//
// Documents are built with go-fed's streams (v1.0.0) and then corrected, in
// two places only:
//
//   - Per object, what streams cannot write, or writes wrongly, goes into the
//     type's unknown-properties map, through builder.extend: sensitive,
//     manuallyApprovesFollowers, endpoints, postingRestrictedToMods,
//     moderators, Portal's challenge properties and visibility, and every
//     time (streams' xsd:dateTime writer drops fractions of a second, so
//     published, updated and deleted are always written as RFC 3339 in UTC
//     with milliseconds, never through streams' own properties). A Hashtag
//     is a streams Link whose type property says "Hashtag".
//   - Per document, finish sets Portal's @context (newContext) in place
//     of the one streams.Serialize would derive, which names
//     http://joinmastodon.org/ns (not a context document) in an order that
//     follows map iteration; it removes @context from nested objects, and
//     writes to, cc, bto, bcc, tag, attachment, items and orderedItems as
//     arrays even when they hold one value.
//
// IRIs must be ASCII (percent-encode the rest): streams holds them as
// *url.URL, whose String would rewrite them, so one that would not come out
// exactly as given is refused.
//
// Output is deterministic: the final map is encoded with encoding/json,
// which sorts keys, with HTML escaping off so that content stays readable.
package apjson

// Namespace is Portal's vocabulary for what AS2 lacks: a challenge's
// category, status and endorsements, and a post's visibility. The @context
// of every document maps the short terms to it.
const Namespace = "https://protectorsportal.org/ns#"

// Public is the special collection that addresses everyone.
const Public = "https://www.w3.org/ns/activitystreams#Public"
