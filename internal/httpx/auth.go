package httpx

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/protectors-portal/portal/internal/model"
)

// Cookie names.
const (
	SessionCookie = "portal_session"
	CSRFCookie    = "portal_csrf"
	CSRFField     = "csrf_token"
	CSRFHeader    = "X-CSRF-Token"
)

// Authenticator finds users from session cookies and bearer tokens;
// accounts.Service is one.
type Authenticator interface {
	SessionUser(ctx context.Context, cookie string) (*model.User, *model.Session, error)
	TokenUser(ctx context.Context, token string) (*model.User, error)
}

// User is the signed-in user of the request, or nil.
func User(ctx context.Context) *model.User {
	u, _ := ctx.Value(keyUser).(*model.User)
	return u
}

// Session is the request's browser session, or nil (for tokens too).
func Session(ctx context.Context) *model.Session {
	s, _ := ctx.Value(keySession).(*model.Session)
	return s
}

// ViaToken reports whether the request signed in with a bearer token.
func ViaToken(ctx context.Context) bool {
	v, _ := ctx.Value(keyAuthVia).(string)
	return v == "token"
}

// WithUser returns ctx carrying u (for tests and background work).
func WithUser(ctx context.Context, u *model.User) context.Context {
	return context.WithValue(ctx, keyUser, u)
}

// Authenticate signs the request in from an `Authorization: Bearer` token
// or the session cookie. A bad bearer token is a 401 at once (a client
// that sends one expects it to work); a stale cookie is simply ignored.
func Authenticate(auth Authenticator, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, tok, _ := strings.Cut(h, " ")
			if strings.EqualFold(scheme, "Bearer") {
				u, err := auth.TokenUser(ctx, strings.TrimSpace(tok))
				if err != nil {
					if !errors.Is(err, model.ErrUnauthorized) {
						WriteJSONError(w, r, err)
						return
					}
					WriteJSONError(w, r, &model.SafeError{Err: err, Public: "The access token is not valid.", Status: 401})
					return
				}
				ctx = context.WithValue(context.WithValue(ctx, keyUser, u), keyAuthVia, "token")
				next.ServeHTTP(w, r.WithContext(ctx))
				return
			}
		}
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			u, ses, err := auth.SessionUser(ctx, c.Value)
			switch {
			case err == nil:
				ctx = context.WithValue(context.WithValue(ctx, keyUser, u), keySession, ses)
				ctx = context.WithValue(ctx, keyAuthVia, "session")
			case !errors.Is(err, model.ErrUnauthorized):
				Logger(ctx).ErrorContext(ctx, "session lookup", "error", err)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// SetSessionCookie gives the browser its session.
func SetSessionCookie(w http.ResponseWriter, value string, maxAge int, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// ClearSessionCookie signs the browser out.
func ClearSessionCookie(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// CSRFToken is the token forms must send back.
func CSRFToken(ctx context.Context) string {
	t, _ := ctx.Value(keyCSRF).(string)
	return t
}

// CSRF protects every unsafe request made with browser credentials: the
// form field csrf_token (or the X-CSRF-Token header) must equal the
// portal_csrf cookie, which other sites can neither read nor set. Requests
// signed in with a bearer token, and those matched by exempt (ActivityPub
// inboxes, which are signed), are not browser requests and pass.
func CSRF(secure bool, exempt func(*http.Request) bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := ""
		if c, err := r.Cookie(CSRFCookie); err == nil && len(c.Value) >= 32 && len(c.Value) <= 64 {
			token = c.Value
		}
		if token == "" {
			var b [32]byte
			_, _ = rand.Read(b[:])
			token = base64.RawURLEncoding.EncodeToString(b[:])
			http.SetCookie(w, &http.Cookie{Name: CSRFCookie, Value: token, Path: "/", HttpOnly: true,
				Secure: secure, SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
		}
		ctx := context.WithValue(r.Context(), keyCSRF, token)
		r = r.WithContext(ctx)
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		// The API without a browser session carries no ambient credential
		// to forge with: it answers 401 itself when it needs a user.
		apiWithoutSession := strings.HasPrefix(r.URL.Path, "/api/") && Session(ctx) == nil
		if ViaToken(ctx) || apiWithoutSession || (exempt != nil && exempt(r)) {
			next.ServeHTTP(w, r)
			return
		}
		sent := r.Header.Get(CSRFHeader)
		if sent == "" && isForm(r) {
			sent = r.PostFormValue(CSRFField)
		}
		if sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
			Logger(ctx).InfoContext(ctx, "csrf check failed", "path", r.URL.Path)
			if strings.HasPrefix(r.URL.Path, "/api/") {
				WriteJSONError(w, r, &model.SafeError{Public: "Missing or wrong CSRF token.", Status: http.StatusForbidden})
				return
			}
			http.Error(w, "This form has expired or did not come from this site. Go back, reload the page and try again.", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isForm(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return strings.HasPrefix(ct, "application/x-www-form-urlencoded") || strings.HasPrefix(ct, "multipart/form-data")
}
