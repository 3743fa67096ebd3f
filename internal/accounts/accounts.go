// Package accounts holds local members, their sign-ins, sessions and
// personal access tokens, the one-time setup of a new node and the
// organisation profile.
package accounts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/protectors-portal/portal/internal/markup"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// Service is the accounts use cases.
type Service struct {
	db      *store.DB
	urls    model.URLs
	newKeys func() (public, private string, err error)
	md      *markup.Renderer // members' bios
	log     *slog.Logger
	now     func() time.Time
	profile ProfilePublisher

	// SessionLifetime is how long a sign-in lasts without use.
	SessionLifetime time.Duration
}

// New builds the service. newKeys makes each new actor's key pair.
func New(db *store.DB, urls model.URLs, newKeys func() (string, string, error), log *slog.Logger) *Service {
	return &Service{db: db, urls: urls, newKeys: newKeys, md: markup.New(markup.Options{}), log: log, now: model.Now,
		SessionLifetime: 30 * 24 * time.Hour}
}

// Sign-in limits: per account and per address, in a fixed window.
const (
	loginWindow     = 15 * time.Minute
	loginPerAccount = 10
	loginPerAddress = 30
)

var usernameRe = regexp.MustCompile(`^[a-z0-9_]{1,30}$`)

// ErrBadCredentials is the one answer to a wrong username or password.
var ErrBadCredentials = &model.SafeError{Err: model.ErrUnauthorized, Public: "Wrong username or password.", Status: 401}

// NewUser is what creating a member needs.
type NewUser struct {
	Username    string
	DisplayName string
	Password    string
	Role        model.Role
}

func validatePassword(v *model.ValidationError, field, pw string) {
	switch n := utf8.RuneCountInString(pw); {
	case n < 10:
		v.Add(field, "must be at least 10 characters")
	case n > 256:
		v.Add(field, "must be at most 256 characters")
	}
}

// CreateUser makes a local member: a Person actor with its keys, and the
// account behind it.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (*model.User, error) {
	var u *model.User
	err := s.db.InTx(ctx, func(tx *store.Store) error {
		var err error
		u, err = s.createUser(ctx, tx, in)
		return err
	})
	return u, err
}

func (s *Service) createUser(ctx context.Context, tx *store.Store, in NewUser) (*model.User, error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	v := &model.ValidationError{}
	if !usernameRe.MatchString(in.Username) {
		v.Add("username", "must be 1 to 30 lower-case letters, digits or _")
	}
	if !in.Role.Valid() {
		v.Add("role", "must be admin, moderator or member")
	}
	validatePassword(v, "password", in.Password)
	if utf8.RuneCountInString(in.DisplayName) > 100 {
		v.Add("display_name", "must be at most 100 characters")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	if _, err := tx.GetUserByUsername(ctx, in.Username); err == nil {
		return nil, &model.SafeError{Err: model.ErrConflict, Public: "That username is taken.", Status: 409}
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	pub, priv, err := s.newKeys()
	if err != nil {
		return nil, err
	}
	now := s.now()
	a := &model.Actor{ID: model.NewID(), Kind: model.ActorPerson, Username: in.Username, DisplayName: in.DisplayName,
		PublicKeyPEM: pub, PrivateKeyPEM: priv, CreatedAt: now, UpdatedAt: now}
	s.urls.LocalActor(a, s.urls.Member(in.Username))
	if err := tx.CreateActor(ctx, a); err != nil {
		return nil, err
	}
	u := &model.User{ID: model.NewID(), ActorID: a.ID, Username: in.Username, PasswordHash: hash, Role: in.Role,
		Locale: "en", CreatedAt: now, Actor: a}
	if err := tx.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// Authenticate checks a username and password, counting attempts per
// account and per address. Wrong user and wrong password fail alike.
func (s *Service) Authenticate(ctx context.Context, username, password, addr string) (*model.User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	now := s.now()
	acctKey, addrKey := "login:user:"+username, "login:addr:"+addr
	if n, err := s.db.Hits(ctx, acctKey, loginWindow, now); err != nil {
		return nil, err
	} else if n >= loginPerAccount {
		return nil, tooMany()
	}
	if n, err := s.db.Hits(ctx, addrKey, loginWindow, now); err != nil {
		return nil, err
	} else if n >= loginPerAddress {
		return nil, tooMany()
	}
	u, err := s.db.GetUserByUsername(ctx, username)
	ok := false
	switch {
	case err == nil:
		ok, err = CheckPassword(u.PasswordHash, password)
		if err != nil {
			s.log.ErrorContext(ctx, "password hash unreadable", "user_id", u.ID, "error", err)
		}
	case errors.Is(err, model.ErrNotFound):
		// Spend the same time as a real check, so timing does not tell
		// which usernames exist.
		_, _ = CheckPassword(dummyHash(), password)
	default:
		return nil, err
	}
	if !ok || u.SuspendedAt != nil {
		if _, err := s.db.Hit(ctx, acctKey, loginWindow, now); err != nil {
			return nil, err
		}
		if _, err := s.db.Hit(ctx, addrKey, loginWindow, now); err != nil {
			return nil, err
		}
		return nil, ErrBadCredentials
	}
	_ = s.db.ResetHits(ctx, acctKey)
	return u, nil
}

func tooMany() error {
	return &model.SafeError{Err: model.ErrRateLimited, Public: "Too many sign-in attempts. Wait a few minutes and try again.", Status: 429}
}

// dummyHash is a valid hash of a random password, checked when the
// username does not exist. Made on first use: hashing at start would keep
// argon2's 19 MiB in an idle node's memory.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword(newSecret("dummy"))
	if err != nil {
		panic(err)
	}
	return h
})

// StartSession signs a user in: it returns the cookie value (only its hash
// is stored) and the session.
func (s *Service) StartSession(ctx context.Context, u *model.User, userAgent string) (string, *model.Session, error) {
	cookie := newSecret("")
	now := s.now()
	if len(userAgent) > 200 {
		userAgent = userAgent[:200]
	}
	ses := &model.Session{ID: hashSecret(cookie), UserID: u.ID, CSRFToken: newSecret(""), CreatedAt: now,
		ExpiresAt: now.Add(s.SessionLifetime), LastSeenAt: now, UserAgent: userAgent}
	if err := s.db.CreateSession(ctx, ses); err != nil {
		return "", nil, err
	}
	return cookie, ses, nil
}

// SessionUser finds the user signed in with a session cookie value. A
// session in use is extended, at most once an hour.
func (s *Service) SessionUser(ctx context.Context, cookie string) (*model.User, *model.Session, error) {
	if cookie == "" || len(cookie) > 100 {
		return nil, nil, model.ErrUnauthorized
	}
	now := s.now()
	ses, err := s.db.GetSession(ctx, hashSecret(cookie), now)
	if err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return nil, nil, model.ErrUnauthorized
		}
		return nil, nil, err
	}
	u, err := s.db.GetUser(ctx, ses.UserID)
	if err != nil {
		return nil, nil, err
	}
	if u.SuspendedAt != nil {
		return nil, nil, model.ErrUnauthorized
	}
	if now.Sub(ses.LastSeenAt) > time.Hour {
		if err := s.db.TouchSession(ctx, ses.ID, now, now.Add(s.SessionLifetime)); err != nil {
			s.log.WarnContext(ctx, "touch session", "error", err)
		}
	}
	return u, ses, nil
}

// EndSession signs a browser out.
func (s *Service) EndSession(ctx context.Context, cookie string) error {
	return s.db.DeleteSession(ctx, hashSecret(cookie))
}

// CreateToken makes a personal access token and returns it in clear, the
// only time it is seen.
func (s *Service) CreateToken(ctx context.Context, userID, name string) (string, *model.Token, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "token"
	}
	if utf8.RuneCountInString(name) > 100 {
		return "", nil, model.Invalid("name", "must be at most 100 characters")
	}
	plain := newSecret("ptl_")
	t := &model.Token{ID: model.NewID(), UserID: userID, Name: name, Hash: hashSecret(plain), Prefix: plain[:8], CreatedAt: s.now()}
	if err := s.db.CreateToken(ctx, t); err != nil {
		return "", nil, err
	}
	return plain, t, nil
}

// CreateTokenFor makes a token for a username (the CLI's create-token).
func (s *Service) CreateTokenFor(ctx context.Context, username, name string) (string, error) {
	u, err := s.db.GetUserByUsername(ctx, strings.ToLower(username))
	if err != nil {
		return "", fmt.Errorf("no user %q: %w", username, err)
	}
	plain, _, err := s.CreateToken(ctx, u.ID, name)
	return plain, err
}

// TokenUser finds the user behind a bearer token.
func (s *Service) TokenUser(ctx context.Context, plain string) (*model.User, error) {
	if !strings.HasPrefix(plain, "ptl_") || len(plain) > 100 {
		return nil, model.ErrUnauthorized
	}
	now := s.now()
	t, err := s.db.GetTokenByHash(ctx, hashSecret(plain), now)
	if err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return nil, model.ErrUnauthorized
		}
		return nil, err
	}
	u, err := s.db.GetUser(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if u.SuspendedAt != nil {
		return nil, model.ErrUnauthorized
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		_ = s.db.TouchToken(ctx, t.ID, now)
	}
	return u, nil
}

// ListTokens lists a user's tokens.
func (s *Service) ListTokens(ctx context.Context, userID string) ([]*model.Token, error) {
	return s.db.ListTokens(ctx, userID)
}

// RevokeToken revokes one of the user's own tokens.
func (s *Service) RevokeToken(ctx context.Context, userID, tokenID string) error {
	return s.db.RevokeToken(ctx, userID, tokenID, s.now())
}

// ChangePassword checks the old password, sets the new one and ends every
// other session of the user.
func (s *Service) ChangePassword(ctx context.Context, u *model.User, old, new, keepSession string) error {
	ok, err := CheckPassword(u.PasswordHash, old)
	if err != nil || !ok {
		return &model.SafeError{Err: model.ErrForbidden, Public: "The current password is wrong.", Status: 403}
	}
	v := &model.ValidationError{}
	validatePassword(v, "new_password", new)
	if err := v.OrNil(); err != nil {
		return err
	}
	hash, err := HashPassword(new)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Store) error {
		u.PasswordHash = hash
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return tx.DeleteUserSessions(ctx, u.ID, keepSession)
	})
}

// Cleanup removes expired sessions, tokens and rate-limit windows.
func (s *Service) Cleanup(ctx context.Context) (int64, error) {
	return s.db.DeleteExpired(ctx, s.now())
}

// SetupToken returns a fresh one-time setup token while the node has no
// admin yet (each start makes a new one and the old one stops working);
// it returns "" once setup is done.
func (s *Service) SetupToken(ctx context.Context) (string, error) {
	in, err := s.db.GetInstance(ctx)
	if err != nil {
		return "", err
	}
	if in.SetupDoneAt != nil {
		return "", nil
	}
	users, err := s.db.ListUsers(ctx)
	if err != nil {
		return "", err
	}
	if slices.ContainsFunc(users, func(u *model.User) bool { return u.Role == model.RoleAdmin }) {
		return "", nil
	}
	tok := newSecret("")
	in.SetupTokenHash = hashSecret(tok)
	in.UpdatedAt = s.now()
	if err := s.db.UpdateInstance(ctx, in); err != nil {
		return "", err
	}
	return tok, nil
}

// Setup is what the setup form sends.
type Setup struct {
	Token   string
	Profile Profile
	Admin   NewUser
}

// CompleteSetup creates the first admin and the organisation profile, if
// the token is the live setup token; the token then stops working.
func (s *Service) CompleteSetup(ctx context.Context, in Setup) (*model.User, error) {
	v := &model.ValidationError{}
	in.Profile.validate(v)
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	in.Admin.Role = model.RoleAdmin
	var u *model.User
	err := s.db.InTx(ctx, func(tx *store.Store) error {
		ok, err := tx.ConsumeSetupToken(ctx, hashSecret(in.Token))
		if err != nil {
			return err
		}
		if !ok {
			return &model.SafeError{Err: model.ErrForbidden, Public: "This setup link is not valid any more.", Status: 403}
		}
		if u, err = s.createUser(ctx, tx, in.Admin); err != nil {
			return err
		}
		inst, err := tx.GetInstance(ctx)
		if err != nil {
			return err
		}
		in.Profile.apply(inst)
		inst.UpdatedAt = s.now()
		if err := tx.UpdateInstance(ctx, inst); err != nil {
			return err
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: u.ID, Action: "setup", Target: inst.Name})
	})
	return u, err
}

// Profile is the organisation's public profile.
type Profile struct {
	Name, Sector, Country, Website, Description string
}

func (p *Profile) validate(v *model.ValidationError) {
	p.Name = strings.TrimSpace(p.Name)
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
	p.Website = strings.TrimSpace(p.Website)
	if p.Name == "" || utf8.RuneCountInString(p.Name) > 200 {
		v.Add("name", "is required, at most 200 characters")
	}
	if !slices.Contains([]string{"government", "private-sector", "civil-society", "intergovernmental", "research"}, p.Sector) {
		v.Add("sector", "must be government, private-sector, civil-society, intergovernmental or research")
	}
	if !regexp.MustCompile(`^[A-Z]{2}$`).MatchString(p.Country) {
		v.Add("country", "must be a two-letter ISO 3166-1 code, e.g. GB")
	}
	if p.Website != "" {
		u, err := url.Parse(p.Website)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			v.Add("website", "must be an http or https address")
		}
	}
	if utf8.RuneCountInString(p.Description) > 5000 {
		v.Add("description", "must be at most 5,000 characters")
	}
}

func (p *Profile) apply(in *model.Instance) {
	in.Name, in.Sector, in.Country, in.Website, in.Description = p.Name, p.Sector, p.Country, p.Website, p.Description
}

// Instance returns the organisation profile.
func (s *Service) Instance(ctx context.Context) (*model.Instance, error) {
	return s.db.GetInstance(ctx)
}

// UpdateProfile changes the organisation profile; admins only.
func (s *Service) UpdateProfile(ctx context.Context, by *model.User, p Profile) error {
	if by == nil || by.Role != model.RoleAdmin {
		return model.ErrForbidden
	}
	v := &model.ValidationError{}
	p.validate(v)
	if err := v.OrNil(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Store) error {
		in, err := tx.GetInstance(ctx)
		if err != nil {
			return err
		}
		p.apply(in)
		in.UpdatedAt = s.now()
		if err := tx.UpdateInstance(ctx, in); err != nil {
			return err
		}
		if err := tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: "update_profile", Target: in.Name}); err != nil {
			return err
		}
		if s.profile == nil {
			return nil
		}
		return s.profile.PublishInstanceProfile(ctx, tx)
	})
}

// Audit lists the latest admin actions.
func (s *Service) Audit(ctx context.Context, limit int) ([]*model.AuditEntry, error) {
	return s.db.ListAudit(ctx, limit)
}

// Users lists local members.
func (s *Service) Users(ctx context.Context) ([]*model.User, error) { return s.db.ListUsers(ctx) }
