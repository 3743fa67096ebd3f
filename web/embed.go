// Package web embeds the templates, static files and message catalogues that
// the pages are made from. Nothing is fetched from any other host.
package web

import "embed"

// Templates holds layouts, partials and pages.
//
//go:embed templates
var Templates embed.FS

// Static holds CSS, the small progressive-enhancement script and icons.
//
//go:embed static
var Static embed.FS

// Locales holds one message catalogue per language (en.json first).
//
//go:embed locales/*.json
var Locales embed.FS
