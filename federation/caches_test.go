package federation_test

import (
	"net/http"
	"testing"

	"github.com/protectors-portal/portal/federation/httpsig"
	"github.com/protectors-portal/portal/internal/testkit"
)

// The node keeps keys it has verified with, but a signature that does not
// verify with the kept key makes it fetch the key again: a server that
// rotated its key is heard at once, and its old key no longer works.
func TestKeyRotation(t *testing.T) {
	t.Parallel()
	for _, d := range testkit.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			a := newArena(t, d, nil)
			a.accepted(t, a.mallory, "WITH-THE-FIRST-KEY") // the key is kept
			old := a.mallory.Key
			for a.mallory.Key == old {
				a.mallory.Key = hostileKey()
			}
			pemText, err := httpsig.EncodePublicPEM(&a.mallory.Key.PublicKey)
			if err != nil {
				t.Fatal(err)
			}
			a.mallory.Doc["publicKey"] = map[string]any{"id": a.mallory.KeyID, "owner": a.mallory.ID, "publicKeyPem": pemText}
			a.evil.serve(t, a.mallory.ID, a.mallory.Doc)
			a.accepted(t, a.mallory, "WITH-THE-NEW-KEY")

			rotated := a.mallory.Key
			a.mallory.Key = old
			before := countRows(t, a.n)
			_, body := a.reply(t, a.mallory, "WITH-THE-OLD-KEY")
			code, resp := post(t, a.inbox, a.mallory, body, delivery{})
			refused(t, a.n, before, "WITH-THE-OLD-KEY", code, resp, http.StatusUnauthorized)
			a.mallory.Key = rotated
		})
	}
}
