package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// nodeProc is the node under test, running in a child process.
type nodeProc struct {
	cmd       *exec.Cmd
	url       string // http://127.0.0.1:port
	domain    string // 127.0.0.1:port
	control   string // http://127.0.0.1:port of the control listener
	logPath   string
	startedIn time.Duration // from process start to /healthz answering

	exited  chan struct{}
	waitErr error
}

func listenLoopback() (*net.TCPListener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	return ln.(*net.TCPListener), nil
}

// nodeEnv is the configuration of the node under test, as PORTAL_*
// variables: the child reads them, and so does the tool when it prepares
// the database, so that both agree on every id.
func nodeEnv(addr, database string) map[string]string {
	return map[string]string{
		"PORTAL_DOMAIN":          addr,
		"PORTAL_LISTEN":          addr,
		"PORTAL_SCHEME":          "http",
		"PORTAL_DATABASE":        database,
		"PORTAL_FEDERATION_MODE": "open",
		"PORTAL_FEDERATION_ALLOW_PRIVATE_ADDRESSES": "true",
		"PORTAL_LOG_LEVEL":                          "info",
		"PORTAL_SHUTDOWN_TIMEOUT":                   "20s",
	}
}

// childEnv is this process's environment without any PORTAL_* setting of
// its own, plus env.
func childEnv(env map[string]string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PORTAL_") {
			out = append(out, kv)
		}
	}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

// startNode starts the node under test on ln (which it takes over) and
// waits until /healthz answers.
func (b *bench) startNode(ctx context.Context, ln *net.TCPListener, database, logPath string, pprof bool) (*nodeProc, error) {
	ctl, err := listenLoopback()
	if err != nil {
		ln.Close()
		return nil, err
	}
	defer ln.Close()
	defer ctl.Close()
	lnFile, err := ln.File()
	if err != nil {
		return nil, err
	}
	defer lnFile.Close()
	ctlFile, err := ctl.File()
	if err != nil {
		return nil, err
	}
	defer ctlFile.Close()
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()

	addr := ln.Addr().String()
	env := nodeEnv(addr, database)
	if pprof {
		env[envPprof] = "1"
	}
	cmd := exec.Command(exe, serveNodeArg)
	cmd.Env = childEnv(env)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.ExtraFiles = []*os.File{lnFile, ctlFile} // fds 3 and 4
	p := &nodeProc{cmd: cmd, url: "http://" + addr, domain: addr, control: "http://" + ctl.Addr().String(),
		logPath: logPath, exited: make(chan struct{})}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start node: %w", err)
	}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	if err := p.waitHealthy(ctx, began, 2*time.Minute); err != nil {
		_ = p.stop()
		return nil, fmt.Errorf("node did not start: %w\n%s", err, tail(logPath, 20))
	}
	return p, nil
}

func (p *nodeProc) pid() int { return p.cmd.Process.Pid }

// waitHealthy asks /healthz until it answers 200. The listener exists
// before the process, so the first request waits in its backlog and is
// answered the moment the node serves.
func (p *nodeProc) waitHealthy(ctx context.Context, began time.Time, limit time.Duration) error {
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := began.Add(limit)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.url+"/healthz", nil)
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.startedIn = time.Since(began)
				return nil
			}
		}
		select {
		case <-p.exited:
			return fmt.Errorf("the node exited: %v", p.waitErr)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
	return errors.New("/healthz did not answer 200 in time")
}

// stop asks the node to stop (SIGTERM), as an operator would, and kills it
// if it does not within half a minute.
func (p *nodeProc) stop() error {
	select {
	case <-p.exited:
		return p.exitError()
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
		return p.exitError()
	case <-time.After(30 * time.Second):
	}
	_ = p.cmd.Process.Kill()
	<-p.exited
	return fmt.Errorf("the node ignored SIGTERM for 30s and was killed\n%s", tail(p.logPath, 20))
}

func (p *nodeProc) exitError() error {
	if p.waitErr != nil {
		return fmt.Errorf("%w\n%s", p.waitErr, tail(p.logPath, 20))
	}
	return nil
}

// alive reports whether the node is still running.
func (p *nodeProc) alive() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// tail is the end of a log file, for error messages.
func tail(path string, lines int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	all := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return "--- " + path + " (last lines) ---\n" + string(bytes.Join(all, []byte("\n")))
}
