package store

import "sync"

// Topics of Changed: what a process may cache and must forget when it
// changes.
const (
	// DomainPoliciesChanged: an admin allowed, blocked or forgot a domain.
	DomainPoliciesChanged = "domain_policies"
)

// changeHooks are the functions OnChange registered, by topic.
type changeHooks struct {
	mu  sync.Mutex
	fns map[string][]func()
}

// OnChange has fn called whenever Changed(topic) is, in this process: a
// cache built from this database forgets what it holds. Other processes
// on the same database are not told; their caches must expire.
func (db *DB) OnChange(topic string, fn func()) {
	db.changes.mu.Lock()
	defer db.changes.mu.Unlock()
	if db.changes.fns == nil {
		db.changes.fns = map[string][]func(){}
	}
	db.changes.fns[topic] = append(db.changes.fns[topic], fn)
}

// Changed runs the functions registered for topic. Call it once the
// transaction that made the change has committed, so that whatever
// reloads then reads the new state.
func (db *DB) Changed(topic string) {
	db.changes.mu.Lock()
	fns := append([]func(){}, db.changes.fns[topic]...)
	db.changes.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}
