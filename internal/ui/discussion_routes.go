package ui

import "net/http"

// discussionRoutes registers the discussion pages, their forms, feeds and
// the sitemap. The pages that are also ActivityPub ids (/spaces/{name},
// /threads/{id}, /posts/{id}, /members/{username}) answer HTML only: the
// node sends requests that ask for ActivityPub JSON to federation before
// they reach this mux.
func (u *UI) discussionRoutes(mux *http.ServeMux) {
	// Spaces and threads.
	mux.Handle("GET /spaces", u.h(u.spacesList))
	mux.Handle("GET /spaces/{name}", u.h(u.spaceShow))
	mux.Handle("GET /spaces/{name}/feed.atom", u.h(u.spaceFeed))
	mux.Handle("GET /spaces/{name}/edit", u.h(u.spaceEdit))
	mux.Handle("POST /spaces/{name}/edit", u.h(u.spaceUpdate))
	mux.Handle("GET /spaces/{name}/new", u.h(u.threadNew))
	mux.Handle("POST /spaces/{name}/threads", u.h(u.threadCreate))
	mux.Handle("GET /threads/{id}", u.h(u.threadShow))
	mux.Handle("GET /threads/{id}/feed.atom", u.h(u.threadFeed))
	mux.Handle("POST /threads/{id}/posts", u.h(u.replySubmit))
	mux.Handle("POST /threads/{id}/endorse", u.h(u.threadEndorse))
	mux.Handle("POST /threads/{id}/unendorse", u.h(u.threadUnendorse))
	mux.Handle("POST /threads/{id}/status", u.h(u.threadStatus))
	mux.Handle("POST /threads/{id}/moderate", u.h(u.threadModerate))
	mux.Handle("GET /threads/{id}/edit", u.h(u.threadEdit))
	mux.Handle("POST /threads/{id}/edit", u.h(u.threadUpdate))
	mux.Handle("POST /threads/{id}/delete", u.h(u.threadDelete))
	mux.Handle("GET /posts/{id}", u.h(u.postShow))
	mux.Handle("GET /posts/{id}/edit", u.h(u.postEdit))
	mux.Handle("POST /posts/{id}/edit", u.h(u.postUpdate))
	mux.Handle("POST /posts/{id}/delete", u.h(u.postDelete))

	// Reports and the moderators' queue.
	mux.Handle("GET /threads/{id}/report", u.h(u.reportNew(false)))
	mux.Handle("POST /threads/{id}/report", u.h(u.reportSubmit(false)))
	mux.Handle("GET /posts/{id}/report", u.h(u.reportNew(true)))
	mux.Handle("POST /posts/{id}/report", u.h(u.reportSubmit(true)))
	mux.Handle("GET /moderation", u.h(u.moderationQueue))
	mux.Handle("POST /moderation/reports/{id}", u.h(u.moderationHandle))

	// The challenge board and search.
	mux.Handle("GET /challenges", u.h(u.challengesBoard))
	mux.Handle("GET /challenges/new", u.h(u.challengeNew))
	mux.Handle("GET /search", u.h(u.searchShow))

	// News.
	mux.Handle("GET /articles", u.h(u.articlesList))
	mux.Handle("GET /articles/new", u.h(u.articleNew))
	mux.Handle("POST /articles", u.h(u.articleCreate))
	mux.Handle("GET /articles/{slug}", u.h(u.articleShow))
	mux.Handle("GET /articles/{slug}/edit", u.h(u.articleEdit))
	mux.Handle("POST /articles/{slug}/edit", u.h(u.articleUpdate))
	mux.Handle("POST /articles/{slug}/delete", u.h(u.articleDelete))

	// People and the organisation.
	mux.Handle("GET /members/{username}", u.h(u.memberShow))
	mux.Handle("GET /organisation", u.h(u.organisationShow))
	mux.Handle("GET /notifications", u.h(u.notificationsList))
	mux.Handle("POST /notifications/read", u.h(u.notificationsRead))

	// Administration of spaces.
	mux.Handle("POST /admin/spaces", u.h(u.adminSpaceCreate))
	mux.Handle("POST /admin/spaces/{name}/moderators", u.h(u.adminModeratorAdd))

	// For search engines.
	mux.Handle("GET /sitemap.xml", u.h(u.sitemap))
	mux.Handle("GET /robots.txt", u.h(u.robots))

	// Follows and the admin's federation page.
	u.federationRoutes(mux)
	u.hubRoutes(mux)
}
