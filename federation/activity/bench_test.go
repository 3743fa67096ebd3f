package activity

import "testing"

func BenchmarkParseMastodonCreate(b *testing.B) {
	data := readFixture(b, "mastodon_create_note.json")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseLemmyAnnounce(b *testing.B) {
	data := readFixture(b, "lemmy_announce_create_page.json")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMastodonActor(b *testing.B) {
	data := readFixture(b, "mastodon_actor.json")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseObject(data); err != nil {
			b.Fatal(err)
		}
	}
}
