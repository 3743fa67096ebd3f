package federation

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/federation/apjson"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// How a hub follows the alliance: for each member node it reads the
// instance actor (its organisation) and that actor's portal:spaces
// collection, follows every space with the hub's own instance actor (which
// backfills them), and follows the instance actor itself, which announces
// new spaces with an Add. Discovery runs at start, every few minutes, and
// for one member whenever it announces a space.

// HubDiscoverArgs asks for the members' spaces to be (re)discovered: one
// member when Domain is set, all of them otherwise.
type HubDiscoverArgs struct {
	Domain string `json:"domain,omitempty"`
}

// Kind names the job.
func (HubDiscoverArgs) Kind() string { return "hub_discover" }

// InsertOpts keeps discovery on the default queue, retried a few times.
func (HubDiscoverArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 5} }

// HubDiscoverInterval is how often a hub looks for members' new spaces
// when no Add told it.
const HubDiscoverInterval = 5 * time.Minute

// HubPeriodic is the periodic discovery job, for hubs.
func (s *Service) HubPeriodic() []*river.PeriodicJob {
	if !s.cfg.HubEnabled {
		return nil
	}
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(HubDiscoverInterval),
		func() (river.JobArgs, *river.InsertOpts) { return HubDiscoverArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})}
}

type hubDiscoverWorker struct {
	river.WorkerDefaults[HubDiscoverArgs]
	s *Service
}

func (w *hubDiscoverWorker) Timeout(*river.Job[HubDiscoverArgs]) time.Duration {
	return 5 * time.Minute
}

func (w *hubDiscoverWorker) Work(ctx context.Context, job *river.Job[HubDiscoverArgs]) error {
	s := w.s
	if !s.cfg.HubEnabled {
		return nil
	}
	domains := s.cfg.HubMembers
	if job.Args.Domain != "" {
		if !slices.Contains(domains, job.Args.Domain) {
			return nil
		}
		domains = []string{job.Args.Domain}
	} else if err := s.db.SetHubMembersCurrent(ctx, s.cfg.HubMembers); err != nil {
		return err
	}
	var errs []error
	for _, d := range domains {
		if err := s.discoverMember(ctx, d); err != nil {
			s.log.WarnContext(ctx, "hub: member not reached", "domain", d, "error", err)
			_ = s.db.RecordHubMemberError(ctx, d, err.Error(), s.now())
			errs = append(errs, err)
		}
	}
	if len(errs) == len(domains) && len(errs) > 0 {
		return errors.Join(errs...) // retried; a partial success is kept
	}
	return nil
}

// discoverMember reads one member node and follows what it has.
func (s *Service) discoverMember(ctx context.Context, domain string) error {
	inst, err := s.refreshActor(ctx, s.scheme+"://"+domain+"/actor")
	if err != nil {
		return err
	}
	org := s.memberProfile(ctx, domain)
	hub, err := s.InstanceActor(ctx)
	if err != nil {
		return err
	}
	if err := s.followAs(ctx, hub, inst); err != nil {
		return err
	}
	body, err := s.fetch(ctx, s.scheme+"://"+domain+"/actor")
	if err != nil {
		return err
	}
	doc, err := activity.ParseObject(body)
	if err != nil {
		return remoteErr("%s: unreadable instance actor", domain)
	}
	spaces := 0
	if doc.Spaces != "" && activity.SameOrigin(doc.Spaces, inst.URI) {
		items, err := s.collectionItems(ctx, doc.Spaces, 500)
		if err != nil {
			return err
		}
		for _, raw := range items {
			iri := itemID(raw)
			if iri == "" || !activity.SameOrigin(iri, inst.URI) {
				continue
			}
			group, err := s.Actor(ctx, iri)
			if err != nil || group.Kind != model.ActorGroup {
				continue
			}
			spaces++
			if err := s.followAs(ctx, hub, group); err != nil {
				return err
			}
		}
	}
	now := s.now()
	org.Domain, org.ActorID, org.Current, org.Spaces, org.LastContactAt = domain, &inst.ID, true, spaces, &now
	org.CreatedAt, org.UpdatedAt = now, now
	if org.Name == "" {
		org.Name = inst.Name()
	}
	return s.db.UpsertHubMember(ctx, org)
}

// itemID reads the id of a collection item given as raw JSON: a bare IRI
// string or an object.
func itemID(raw []byte) string {
	var iri string
	if json.Unmarshal(raw, &iri) == nil {
		return iri
	}
	var obj struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		return obj.ID
	}
	return ""
}

// memberProfile reads a member's organisation from its NodeInfo.
func (s *Service) memberProfile(ctx context.Context, domain string) *model.HubMember {
	m := &model.HubMember{}
	resp, err := s.client.Get(ctx, s.scheme+"://"+domain+"/nodeinfo/2.1", "application/json", nil)
	if err != nil {
		return m
	}
	var ni struct {
		Metadata struct {
			NodeDescription string `json:"nodeDescription"`
			Organisation    struct {
				Name, Sector, Country, Website string
			} `json:"organisation"`
		} `json:"metadata"`
	}
	if json.Unmarshal(resp.Body, &ni) != nil {
		return m
	}
	o := ni.Metadata.Organisation
	m.Name, m.Sector, m.Country, m.Website = clip(o.Name, 200), clip(o.Sector, 40), clip(strings.ToUpper(o.Country), 2), clip(o.Website, 300)
	m.Description = clip(ni.Metadata.NodeDescription, 5000)
	return m
}

// followAs makes a local actor (the hub's instance actor) follow a remote
// one, once.
func (s *Service) followAs(ctx context.Context, follower, target *model.Actor) error {
	return s.db.InTx(ctx, func(tx *store.Store) error {
		if f, err := tx.GetFollow(ctx, follower.ID, target.ID); err == nil {
			if f.State == model.FollowPending && s.now().Sub(f.CreatedAt) > time.Hour {
				return s.sendFollow(ctx, tx, follower, target, f.URI)
			}
			return nil
		} else if !errors.Is(err, model.ErrNotFound) {
			return err
		}
		id := model.NewID()
		f := &model.Follow{ID: id, FollowerID: follower.ID, TargetID: target.ID, URI: s.urls.Activity(id),
			State: model.FollowPending, CreatedAt: s.now()}
		if err := tx.CreateFollow(ctx, f); err != nil {
			return err
		}
		return s.sendFollow(ctx, tx, follower, target, f.URI)
	})
}

// publishSpace tells the instance actor's followers (hubs) of a new space.
func (s *Service) publishSpace(ctx context.Context, tx *store.Store, ev discussion.Event) error {
	// Read through tx: on SQLite another connection would wait for this
	// very transaction.
	inst, err := tx.GetActorByURI(ctx, s.urls.Instance())
	if errors.Is(err, model.ErrNotFound) {
		return nil // no instance actor yet, so nobody follows it
	}
	if err != nil {
		return err
	}
	followers, err := tx.ListFollowers(ctx, inst.ID, model.FollowAccepted)
	if err != nil || len(followers) == 0 {
		return err
	}
	vis := ev.Space.Visibility
	to := []string{apjson.Public}
	if vis != model.VisibilityPublic {
		to = []string{inst.Followers}
	}
	id, add := s.newActivity("Add", inst, ev.Space.Actor.URI, to, []string{inst.Followers}, "")
	add.Target = inst.URI + "/spaces"
	return s.send(ctx, tx, id, inst, add, ev.Space.Actor.URI, vis, s.targets(ctx, tx, vis, followers...))
}

// onAdd handles a member node announcing a new space: a hub discovers
// that member again.
func (s *Service) onAdd(ctx context.Context, actor *model.Actor, act *activity.Activity) error {
	if !s.cfg.HubEnabled || actor.Kind != model.ActorApplication || !slices.Contains(s.cfg.HubMembers, actor.Host) {
		return ignored("add from %s", actor.URI)
	}
	if !activity.SameOrigin(act.ObjectID, actor.URI) {
		return forbidden("add of %s by %s", act.ObjectID, actor.URI)
	}
	return s.once(ctx, act, func(tx *store.Store) error {
		return s.q.Enqueue(ctx, tx, HubDiscoverArgs{Domain: actor.Host}, nil)
	})
}
