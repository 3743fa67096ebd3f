package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"
)

// measureStart times starts of the node on SQLite: from the moment the
// process is started to /healthz answering 200. First on fresh data
// directories (so migrations and the instance actor's key are part of the
// start), then again on the last one, whose database exists.
func (b *bench) measureStart(ctx context.Context) error {
	var fresh, existing []time.Duration
	var dir string
	startOnce := func(label string, i int) (time.Duration, error) {
		ln, err := listenLoopback()
		if err != nil {
			return 0, err
		}
		db := "sqlite:" + filepath.Join(dir, "portal.db")
		p, err := b.startNode(ctx, ln, db, filepath.Join(b.workdir, fmt.Sprintf("start-%s-%d.log", label, i)), false)
		if err != nil {
			return 0, err
		}
		took := p.startedIn
		if err := p.stop(); err != nil {
			return 0, fmt.Errorf("stop: %w", err)
		}
		return took, nil
	}
	for i := range b.o.starts {
		dir = filepath.Join(b.workdir, fmt.Sprintf("start-%d", i))
		d, err := startOnce("fresh", i)
		if err != nil {
			return err
		}
		fresh = append(fresh, d)
	}
	for i := range b.o.starts {
		d, err := startOnce("existing", i)
		if err != nil {
			return err
		}
		existing = append(existing, d)
	}
	b.rep.StartMs = ptr(round2(ms(median(fresh))))
	b.rep.StartExistingMs = ptr(round2(ms(median(existing))))
	b.log.Info("start measured", "fresh", fresh, "existing", existing)
	return nil
}
