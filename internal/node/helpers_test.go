package node_test

import "github.com/protectors-portal/portal/internal/discussion"

func spaceInput(name string) discussion.NewSpace {
	return discussion.NewSpace{Name: name, Title: "Space " + name}
}
