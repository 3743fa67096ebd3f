package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/i18n"
	"github.com/protectors-portal/portal/internal/model"
)

// Pieces shared by the discussion pages: how an author, a space and a
// page of a list are shown, and how form errors reach the templates.

// tr looks a message up in the default language.
func (u *UI) tr(key string, args ...any) string { return u.cat.T(i18n.Default, key, args...) }

// authorView is what a page shows of who wrote something.
type authorView struct {
	Name   string
	Handle string // "@name@host", for people on other servers
	URL    string // their page here, or their page on their server
	Local  bool
	Known  bool
}

// authorOf describes an actor for a page. Local members link to their
// profile here; remote actors to their own page, when it is a web address.
func authorOf(a *model.Actor) authorView {
	if a == nil {
		return authorView{}
	}
	v := authorView{Name: a.Name(), Known: true, Local: a.Local}
	switch {
	case a.Local && a.Kind == model.ActorGroup:
		v.URL = "/spaces/" + url.PathEscape(a.Username)
	case a.Local && a.Kind == model.ActorPerson:
		v.URL = "/members/" + url.PathEscape(a.Username)
	case !a.Local:
		v.Handle = "@" + a.Handle()
		v.URL = webURL(a.URL)
		if v.URL == "" {
			v.URL = webURL(a.URI)
		}
	}
	return v
}

// webURL returns s when it is an absolute http or https address, else "".
func webURL(s string) string {
	p, err := url.Parse(s)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return s
}

// spacePath is the path of a space's page here: /spaces/name for ours,
// /spaces/name@host for one on another server.
func spacePath(sp *model.Space) string {
	if sp == nil {
		return "/spaces"
	}
	return "/spaces/" + url.PathEscape(spaceHandle(sp))
}

// spaceHandle is how a space is named in our URLs.
func spaceHandle(sp *model.Space) string {
	if sp.Local {
		return sp.Name
	}
	return sp.Name + "@" + sp.Host
}

// fieldErrs maps a form field to what is wrong with it; "form" holds a
// message about the whole form.
type fieldErrs map[string]string

// fieldErr is one field's problem, for the field_error partial.
type fieldErr struct{ Name, Msg string }

// Field returns the problem with one field (Msg is empty when none).
func (f fieldErrs) Field(name string) fieldErr { return fieldErr{Name: name, Msg: f[name]} }

// Has reports whether a field has a problem.
func (f fieldErrs) Has(name string) bool { _, ok := f[name]; return ok }

// formProblem sorts an error from a service call made for a form: the
// problems the member can fix there (invalid fields, a name already
// taken) come back as messages with the status to answer with; anything
// else comes back as an error to raise, shown on the error page.
func formProblem(err error) (fieldErrs, int, error) {
	var v *model.ValidationError
	if errors.As(err, &v) {
		return fieldErrs(v.Fields), http.StatusUnprocessableEntity, nil
	}
	var safe *model.SafeError
	if errors.As(err, &safe) && safe.Public != "" {
		if status, _ := httpx.Status(err); status == http.StatusConflict {
			return fieldErrs{"form": safe.Public}, status, nil
		}
	}
	return nil, 0, err
}

// redirect answers a form with 303 See Other.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// pageLinks is the cursor pagination of a list.
type pageLinks struct {
	Older string // the next page, towards older items
	First string // back to the first page, when not on it
}

// pagerFor builds the links of a list at path with its query q; next is
// the cursor the service gave for the following page.
func pagerFor(path string, q url.Values, next string) pageLinks {
	var p pageLinks
	q = cloneValues(q)
	if q.Get("cursor") != "" {
		q.Del("cursor")
		p.First = withQuery(path, q)
	}
	if next != "" {
		q.Set("cursor", next)
		p.Older = withQuery(path, q)
	}
	return p
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, vs := range q {
		if k == "flash" {
			continue
		}
		for _, v := range vs {
			if v != "" {
				out.Add(k, v)
			}
		}
	}
	return out
}

func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// excerptPart is a piece of an excerpt; Match marks a searched word.
type excerptPart struct {
	Text  string
	Match bool
}

// excerpt cuts plain text to about n runes around the first place one of
// words occurs, and marks every occurrence of the words in what is kept.
func excerpt(text string, words []string, n int) []excerptPart {
	runes := []rune(text)
	lower := make([]rune, len(runes))
	for i, r := range runes {
		lower[i] = unicode.ToLower(r)
	}
	var needles [][]rune
	for _, w := range words {
		if w != "" {
			needles = append(needles, []rune(strings.ToLower(w)))
		}
	}
	matchAt := func(i int) int {
		for _, nd := range needles {
			if i+len(nd) <= len(lower) && string(lower[i:i+len(nd)]) == string(nd) {
				return len(nd)
			}
		}
		return 0
	}
	start := 0
	if len(runes) > n {
		for i := range lower {
			if matchAt(i) > 0 {
				start = max(0, i-n/3)
				break
			}
		}
		// Begin at a word boundary.
		for start > 0 && start < len(runes) && !unicode.IsSpace(runes[start-1]) {
			start++
		}
	}
	end := min(len(runes), start+n)
	for end < len(runes) && end > start && !unicode.IsSpace(runes[end]) {
		end--
	}
	if end <= start {
		end = min(len(runes), start+n)
	}
	var parts []excerptPart
	add := func(s string, m bool) {
		if s == "" {
			return
		}
		if k := len(parts) - 1; k >= 0 && parts[k].Match == m {
			parts[k].Text += s
			return
		}
		parts = append(parts, excerptPart{Text: s, Match: m})
	}
	if start > 0 {
		add("… ", false)
	}
	for i := start; i < end; {
		if k := matchAt(i); k > 0 && i+k <= end {
			add(string(runes[i:i+k]), true)
			i += k
			continue
		}
		add(string(runes[i]), false)
		i++
	}
	if end < len(runes) {
		add(" …", false)
	}
	return parts
}

// searchWords are the words of a query worth marking in results: not the
// negated ones.
func searchWords(q string) []string {
	var out []string
	for _, f := range strings.Fields(q) {
		if strings.HasPrefix(f, "-") {
			continue
		}
		for _, w := range strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if utf8.RuneCountInString(w) > 1 {
				out = append(out, w)
			}
		}
	}
	return out
}

// shorten cuts plain text to at most n runes, between words where it can.
func shorten(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	runes := []rune(text)[:n]
	cut := len(runes)
	for i := len(runes) - 1; i > n/2; i-- {
		if unicode.IsSpace(runes[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRightFunc(string(runes[:cut]), unicode.IsSpace) + "…"
}

// formPage renders a page built around a form, answering status.
func (u *UI) formPage(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) error {
	p := u.page(r, title, data)
	p.NoIndex = true
	u.render(w, r, status, name, p)
	return nil
}
