// Package i18n is the message catalogue: every user-facing string of the
// pages is looked up here by key, so that translations can follow English.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Default is the language every key must exist in.
const Default = "en"

// Catalog holds the messages of every language.
type Catalog struct {
	msgs map[string]map[string]string
}

// Load reads every locales/*.json file of fsys.
func Load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}}
	files, err := fs.Glob(fsys, "locales/*.json")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		c.msgs[strings.TrimSuffix(path.Base(f), ".json")] = m
	}
	if c.msgs[Default] == nil {
		return nil, fmt.Errorf("i18n: no %s catalogue", Default)
	}
	return c, nil
}

// Has reports whether key exists in the default language.
func (c *Catalog) Has(key string) bool {
	_, ok := c.msgs[Default][key]
	return ok
}

// T returns the message for key in lang (falling back to English), with
// args formatted in. An unknown key comes back as itself, bracketed, so
// that it shows and a test catches it.
func (c *Catalog) T(lang, key string, args ...any) string {
	msg, ok := c.msgs[lang][key]
	if !ok {
		msg, ok = c.msgs[Default][key]
	}
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Languages lists the languages with a catalogue.
func (c *Catalog) Languages() []string {
	out := make([]string, 0, len(c.msgs))
	for l := range c.msgs {
		out = append(out, l)
	}
	return out
}
