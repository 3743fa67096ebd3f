package markup

import "testing"

// benchPost is a realistic thread body of about 2 KB: headings, emphasis,
// lists, a quote, links, mentions and a code block.
const benchPost = `## Reporting channels across the alliance

Thanks @alice and @bob@hotline.example for the write-up. I went through the
**current reporting flows** of the six member nodes and summarised where they
differ. The full table is on https://research.example/reporting-2024 and the
raw data is in the [shared folder](https://files.example/share/reporting).

### What works

1. A single intake form, available in *every* official language.
2. Acknowledgement within 24 hours, with a reference number.
3. Clear hand-over to law enforcement, documented in the case file.

### What does not

- Reports that arrive by e-mail to info@ addresses and sit there for days.
- Duplicate reports across hotlines, which nobody reconciles.
- ~~Manual hashing~~ — this is now automated at most nodes, see below.

> The hardest part is not the technology; it is agreeing on what counts as a
> duplicate and who owns the follow-up.
> — from the Lisbon workshop notes

For the hashing step, the reference implementation looks roughly like this:

` + "```go" + `
func fingerprint(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", fmt.Errorf("fingerprint: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
` + "```" + `

Two nodes still run the previous version, which hashes the file name as
well as the content; their fingerprints will not match ours until they
upgrade. I have asked both admins for a date, and I will
post the answers in this thread as soon as I have them.

Open questions for the next call:

- Should we publish a shared schema for case metadata, or keep it per node?
- Who maintains the ` + "`duplicates`" + ` list, and how often is it synced?
- Can @carol@policy.example share the draft regulation text before Friday?

If you have numbers from your own node, please reply here or write to
research@portal.example. Everything posted here is visible to alliance
members only.
`

func BenchmarkMarkdown(b *testing.B) {
	r := testRenderer()
	b.SetBytes(int64(len(benchPost)))
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Markdown(benchPost)
	}
}

func BenchmarkSanitize(b *testing.B) {
	r := testRenderer()
	// Remote HTML of the same size and shape, as another server sends it.
	remote := New(Options{}).Markdown(benchPost)
	b.SetBytes(int64(len(remote)))
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Sanitize(remote)
	}
}
