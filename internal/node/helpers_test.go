package node_test

import (
	"net/url"
	"testing"

	"github.com/protectors-portal/portal/internal/discussion"
)

func spaceInput(name string) discussion.NewSpace {
	return discussion.NewSpace{Name: name, Title: "Space " + name}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
