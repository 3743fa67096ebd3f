package ui_test

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/web"
)

// TestTemplateKeysExist checks that every message key the templates name,
// and every key they build from a domain value (a category, a status…),
// is in the English catalogue.
func TestTemplateKeysExist(t *testing.T) {
	t.Parallel()
	raw, err := fs.ReadFile(web.Locales, "locales/en.json")
	if err != nil {
		t.Fatal(err)
	}
	var en map[string]string
	if err := json.Unmarshal(raw, &en); err != nil {
		t.Fatalf("en.json is not valid: %v", err)
	}
	literal := regexp.MustCompile(`\bt "([^"]+)"`)
	built := regexp.MustCompile(`\bt \(print "([a-z_]+\.)"`)
	prefixes := map[string]bool{}
	err = fs.WalkDir(web.Templates, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := fs.ReadFile(web.Templates, path)
		if err != nil {
			return err
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			if _, ok := en[m[1]]; !ok {
				t.Errorf("%s uses the message %q, which en.json lacks", path, m[1])
			}
		}
		for _, m := range built.FindAllStringSubmatch(string(b), -1) {
			prefixes[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The values each built key may take.
	values := map[string][]string{
		"category.":   model.Categories,
		"kind.":       {string(model.KindDiscussion), string(model.KindChallenge)},
		"visibility.": {string(model.VisibilityPublic), string(model.VisibilityAlliance)},
		"role.":       {string(model.RoleAdmin), string(model.RoleModerator), string(model.RoleMember)},
		"sector.":     config.Sectors,
		"notify.":     {string(model.NotifyReply), string(model.NotifyMention), string(model.NotifyEndorsement)},
		"language.":   accounts.Locales,
		// Fields the services report problems with.
		"field.": {"title", "body", "kind", "category", "visibility", "status", "in_reply_to", "name", "description",
			"username", "q", "cursor", "sort", "tags", "target", "domain", "policy", "note", "display_name", "bio", "locale"},
	}
	for _, s := range model.Statuses {
		values["status."] = append(values["status."], string(s))
	}
	for prefix := range prefixes {
		vals, ok := values[prefix]
		if !ok {
			t.Errorf("templates build message keys from %q, which this test does not know the values of", prefix)
			continue
		}
		for _, v := range vals {
			if _, ok := en[prefix+v]; !ok {
				t.Errorf("en.json lacks %q", prefix+v)
			}
		}
	}
}
