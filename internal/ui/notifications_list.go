package ui

import (
	"net/http"
	"time"
)

// notificationView is one notification as the list shows it.
type notificationView struct {
	Kind   string
	Who    string
	Thread string // its title
	URL    string
	At     time.Time
	Unread bool
}

// notificationsList shows the member's latest notifications, the unread
// ones marked.
func (u *UI) notificationsList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	list, err := u.disc.Notifications(ctx, user)
	if err != nil {
		return err
	}
	views := make([]notificationView, 0, len(list))
	for _, n := range list {
		v := notificationView{Kind: string(n.Kind), URL: "/threads/" + n.ThreadID, At: n.CreatedAt, Unread: n.ReadAt == nil}
		if n.Actor != nil {
			v.Who = n.Actor.Name()
		}
		if n.Thread != nil && !n.Thread.Deleted() {
			v.Thread = n.Thread.Title
		}
		if n.PostID != nil {
			v.URL += "#post-" + *n.PostID
		}
		views = append(views, v)
	}
	p := u.page(r, u.tr("notifications.title"), views)
	u.render(w, r, http.StatusOK, "notifications", p)
	return nil
}
