package ui

import "net/http"

// robots tells crawlers where the sitemap is and keeps them out of pages
// that are private or endless.
func (u *UI) robots(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, err := w.Write([]byte("User-agent: *\n" +
		"Disallow: /admin\nDisallow: /invite\nDisallow: /settings\nDisallow: /notifications\nDisallow: /signin\nDisallow: /setup\n" +
		"Disallow: /search\nDisallow: /api/\nDisallow: /*/new\nDisallow: /*/edit\n" +
		"Allow: /\n\n" +
		"Sitemap: " + u.urls.Base + "/sitemap.xml\n"))
	return err
}
