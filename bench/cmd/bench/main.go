// Command bench measures hearth against nginx serving the same bytes, on
// this machine, in one run: `make bench` (quick) or `make bench MODE=full`
// (for the record). It installs nginx and wrk when they are missing,
// seeds a database with `hearth seed`, starts hearth on SQLite and a
// throwaway unprivileged nginx on 127.0.0.1, loads both with wrk at a
// fixed number of connections, and writes bench/results/latest.md and
// latest.json. Every step has a deadline; the run stops by itself.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

//go:embed report.lua
var reportLua string

//go:embed post.lua
var postLua string

// mode sizes a run.
type mode struct {
	Name                          string
	Communities, Threads, Replies int
	Duration, Warmup              time.Duration
	Deadline                      time.Duration
	// A page measured against nginx is loaded in Rounds short slices,
	// alternating the two servers, so that both see the same machine
	// even when other work on it comes and goes; the ratio reported is
	// the median of the rounds' ratios.
	Rounds int
	Slice  time.Duration
}

var modes = map[string]mode{
	// About 100,000 posts and 8 s per measurement: under 3 minutes.
	"quick": {Name: "quick", Communities: 5, Threads: 400, Replies: 49, Duration: 8 * time.Second, Warmup: 2 * time.Second, Deadline: 6 * time.Minute,
		Rounds: 8, Slice: time.Second},
	// About 1,000,000 posts and 30 s per measurement.
	"full": {Name: "full", Communities: 10, Threads: 2000, Replies: 49, Duration: 30 * time.Second, Warmup: 5 * time.Second, Deadline: 25 * time.Minute,
		Rounds: 15, Slice: 2 * time.Second},
}

// Connections is the fixed number of open connections for every load.
const Connections = 64

func main() {
	modeName := flag.String("mode", "quick", "quick (development) or full (for the record)")
	out := flag.String("out", "bench/results", "where latest.md and latest.json go")
	keep := flag.Bool("keep", false, "keep the temporary directory (database, saved pages, logs)")
	flag.Parse()
	m, ok := modes[*modeName]
	if !ok {
		fmt.Fprintf(os.Stderr, "bench: unknown mode %q (quick or full)\n", *modeName)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, m.Deadline)
	defer cancel()
	r := &runner{mode: m, out: *out, keep: *keep}
	err := r.run(ctx)
	r.cleanup()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type runner struct {
	mode mode
	out  string
	keep bool
	dir  string

	hearth     *exec.Cmd
	hearthURL  string
	nginx      *exec.Cmd
	nginxURL   string
	mem        *memSampler
	res        Results
	seed       seedInfo
	cleanups   []func()
	hearthBin  string
	wrkScripts map[string]string
}

// seedInfo is what `hearth seed --json` writes.
type seedInfo struct {
	Communities int     `json:"communities"`
	Threads     int     `json:"threads"`
	Posts       int     `json:"posts"`
	Members     int     `json:"members"`
	BenchURL    string  `json:"bench_url"`
	Writes      []int64 `json:"write_threads"`
	Session     string  `json:"session"`
	Token       string  `json:"token"`
	Seconds     float64 `json:"seconds"`
	Thread      struct {
		ID        int64  `json:"id"`
		Community string `json:"community"`
	} `json:"bench_thread"`
}

// Results is latest.json.
type Results struct {
	Mode        string               `json:"mode"`
	Date        string               `json:"date"`
	Machine     map[string]string    `json:"machine"`
	Connections int                  `json:"connections"`
	DurationS   float64              `json:"duration_seconds"`
	Dataset     map[string]any       `json:"dataset"`
	Runs        []Run                `json:"runs"`
	Ratios      map[string]float64   `json:"ratios_to_nginx"`
	RatioRounds map[string][]float64 `json:"ratio_rounds"`
	// CPURatios estimate the ratios from CPU time per request (see Run).
	CPURatios  map[string]float64 `json:"cpu_ratio_estimates"`
	PageWeight map[string]float64 `json:"page_weight"`
	Memory     map[string]int     `json:"memory_kb"`
	// Replies are the reply-creation runs by SQLite synchronous setting.
	Replies map[string]map[string]any `json:"replies"`
	Targets []Target                  `json:"targets"`
	Notes   []string                  `json:"notes"`
}

// Run is one load of one URL on one server.
type Run struct {
	Name       string  `json:"name"`
	Server     string  `json:"server"`
	URL        string  `json:"url"`
	Requests   int     `json:"requests"`
	RPS        float64 `json:"requests_per_second"`
	P50ms      float64 `json:"p50_ms"`
	P90ms      float64 `json:"p90_ms"`
	P99ms      float64 `json:"p99_ms"`
	Errors     int     `json:"errors"`
	BytesPerOp float64 `json:"bytes_per_response"`
	RSSMaxKB   int     `json:"rss_max_kb,omitempty"`
	// CPU per request, of the server and of wrk, over the rounds of a
	// page measured against nginx: unlike rates, it hardly depends on
	// what else the machine is doing.
	ServerCPUus float64 `json:"server_cpu_us_per_request,omitempty"`
	WrkCPUus    float64 `json:"wrk_cpu_us_per_request,omitempty"`
	// RoundsRPS are the rounds of a page measured against nginx.
	RoundsRPS []float64 `json:"rounds_rps,omitempty"`
}

// Target is one line of the table.
type Target struct {
	What     string  `json:"what"`
	Target   string  `json:"target"`
	Measured string  `json:"measured"`
	Value    float64 `json:"value"`
	Pass     bool    `json:"pass"`
	// Info marks a line given for information, not one of the targets.
	Info bool `json:"informational,omitempty"`
}

func (r *runner) logf(format string, args ...any) {
	fmt.Printf("bench: "+format+"\n", args...)
}

func (r *runner) run(ctx context.Context) error {
	started := time.Now()
	r.res = Results{Mode: r.mode.Name, Date: started.UTC().Format(time.RFC3339), Connections: Connections,
		DurationS: r.mode.Duration.Seconds(), Ratios: map[string]float64{}, RatioRounds: map[string][]float64{}, CPURatios: map[string]float64{}, PageWeight: map[string]float64{},
		Memory: map[string]int{}, Replies: map[string]map[string]any{}}
	if err := ensureTools(ctx); err != nil {
		return err
	}
	r.res.Machine = machineInfo(ctx)
	if l, _ := strconv.ParseFloat(strings.Fields(r.res.Machine["loadavg_before"])[0], 64); l > float64(runtime.NumCPU())/2 {
		note := fmt.Sprintf("The machine was busy when the run started (load average %s on %d CPUs): absolute numbers are low, and ratios are less reliable than on a quiet machine.",
			r.res.Machine["loadavg_before"], runtime.NumCPU())
		r.res.Notes = append(r.res.Notes, note)
		r.logf("warning: %s", note)
	}
	var err error
	if r.dir, err = os.MkdirTemp("", "hearth-bench-"); err != nil {
		return err
	}
	if err := os.Chmod(r.dir, 0o755); err != nil {
		return err
	}
	r.logf("mode %s, working in %s", r.mode.Name, r.dir)

	r.hearthBin = filepath.Join(r.dir, "hearth")
	r.logf("building hearth")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", r.hearthBin, "./cmd/hearth").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	r.res.Machine["fsync_ms"] = fmt.Sprintf("%.1f", fsyncMillis(r.dir))
	if err := r.seedDB(ctx); err != nil {
		return err
	}
	r.wrkScripts = map[string]string{}
	for name, src := range map[string]string{"get": reportLua, "post": postLua + "\n" + reportLua} {
		p := filepath.Join(r.dir, name+".lua")
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			return err
		}
		r.wrkScripts[name] = p
	}
	if err := r.startHearth(ctx); err != nil {
		return err
	}
	anon, signed, gz, err := r.savePages(ctx)
	if err != nil {
		return err
	}
	if err := r.startNginx(ctx, anon, signed, gz); err != nil {
		return err
	}
	thread := r.seed.BenchURL
	cookie := "Cookie: hearth_session=" + r.seed.Session
	// Each page is measured on hearth and then at once on nginx, so that
	// the two numbers of a ratio see the same machine conditions.
	for _, s := range []struct{ name, url string }{{"home", "/"}, {"community", "/c/" + r.seed.Thread.Community}} {
		if _, err := r.load(ctx, s.name, "hearth", r.hearthURL+s.url, "get", nil); err != nil {
			return err
		}
	}
	pairs := []struct {
		name, hearth, nginx string
		hearthHeaders       []string
		nginxHeaders        []string
	}{
		{"thread_anonymous", thread, "/anon.html", nil, nil},
		{"thread_anonymous_gzip", thread, "/anon.html", []string{"Accept-Encoding: gzip"}, []string{"Accept-Encoding: gzip"}},
		{"thread_signed_in", thread, "/signed.html", []string{cookie}, nil},
	}
	for _, p := range pairs {
		if err := r.pair(ctx, p.name, r.hearthURL+p.hearth, p.hearthHeaders, r.nginxURL+p.nginx, p.nginxHeaders); err != nil {
			return err
		}
	}
	if err := r.search(ctx); err != nil {
		return err
	}
	if err := r.replies(ctx, "normal"); err != nil {
		return err
	}
	// The same, with an fsync at every commit (hearth serve --sqlite-sync full).
	r.stopHearth()
	if err := r.startHearth(ctx, "--sqlite-sync", "full"); err != nil {
		return err
	}
	if err := r.replies(ctx, "full"); err != nil {
		return err
	}
	r.stopHearth()
	r.finish(anon, signed, gz)
	r.res.Machine["loadavg_after"] = readLoadavg()
	r.res.Machine["run_seconds"] = fmt.Sprintf("%.0f", time.Since(started).Seconds())
	return r.write()
}

// ensureTools installs nginx and wrk from Debian's packages if missing.
func ensureTools(ctx context.Context) error {
	var missing []string
	for _, t := range []string{"nginx", "wrk"} {
		if _, err := exec.LookPath(t); err != nil {
			missing = append(missing, t)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	fmt.Printf("bench: installing %s\n", strings.Join(missing, " "))
	sh := "apt-get update && apt-get install -y " + strings.Join(missing, " ")
	if os.Geteuid() != 0 {
		sh = "sudo sh -c '" + sh + "'"
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", sh)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("installing %s: %w", strings.Join(missing, " "), err)
	}
	return nil
}

func (r *runner) seedDB(ctx context.Context) error {
	m := r.mode
	r.logf("seeding %d communities × %d threads × %d replies", m.Communities, m.Threads, m.Replies)
	js := filepath.Join(r.dir, "seed.json")
	cmd := exec.CommandContext(ctx, r.hearthBin, "seed", "--db", filepath.Join(r.dir, "bench.db"), "--json", js,
		"--communities", strconv.Itoa(m.Communities), "--threads", strconv.Itoa(m.Threads), "--replies", strconv.Itoa(m.Replies))
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("hearth seed: %v\n%s", err, out)
	}
	b, err := os.ReadFile(js)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &r.seed); err != nil {
		return err
	}
	r.res.Dataset = map[string]any{"communities": r.seed.Communities, "threads": r.seed.Threads, "posts": r.seed.Posts,
		"members": r.seed.Members, "seed_seconds": round(r.seed.Seconds, 1), "seed_posts_per_second": round(float64(r.seed.Posts)/r.seed.Seconds, 0),
		"bench_thread": r.seed.BenchURL}
	r.logf("seeded %d posts in %.1fs", r.seed.Posts, r.seed.Seconds)
	return nil
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func (r *runner) startHearth(ctx context.Context, extra ...string) error {
	addr, err := freePort()
	if err != nil {
		return err
	}
	log, err := os.OpenFile(filepath.Join(r.dir, "hearth.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	// The per-member posting limit is off so that one member can post
	// as fast as the load comes.
	args := append([]string{"serve", "--db", filepath.Join(r.dir, "bench.db"), "--addr", addr, "--post-rate", "0"}, extra...)
	cmd := exec.Command(r.hearthBin, args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	r.hearth, r.hearthURL = cmd, "http://"+addr
	r.cleanups = append(r.cleanups, r.stopHearth)
	r.mem = startMemSampler(cmd.Process.Pid)
	return waitHTTP(ctx, r.hearthURL+"/healthz")
}

func (r *runner) stopHearth() {
	if r.hearth == nil || r.hearth.Process == nil {
		return
	}
	if r.mem != nil {
		r.mem.stop()
		// Memory is the most any hearth process of the run held.
		r.res.Memory["vmrss_max"] = max(r.res.Memory["vmrss_max"], r.mem.overall())
		r.res.Memory["vmhwm"] = max(r.res.Memory["vmhwm"], r.mem.hwm())
	}
	r.hearth.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { r.hearth.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		r.hearth.Process.Kill()
		<-done
	}
	r.hearth = nil
}

func waitHTTP(ctx context.Context, url string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode < 500 {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s did not answer within 30s", url)
}

func fetch(url string, header ...string) ([]byte, http.Header, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return nil, nil, err
	}
	// An explicit Accept-Encoding stops Go's client from unzipping.
	req.Header.Set("Accept-Encoding", "identity")
	for _, h := range header {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != 200 {
		err = fmt.Errorf("GET %s: %s", url, res.Status)
	}
	return b, res.Header, err
}

// savePages saves the exact bytes hearth serves for the thread page,
// signed out (as is and gzipped) and signed in.
func (r *runner) savePages(ctx context.Context) (anon, signed, gz []byte, err error) {
	url := r.hearthURL + r.seed.BenchURL
	if anon, _, err = fetch(url); err != nil {
		return
	}
	if signed, _, err = fetch(url, "Cookie: hearth_session="+r.seed.Session); err != nil {
		return
	}
	if !bytes.Contains(signed, []byte("Sign out")) || bytes.Contains(anon, []byte("Sign out")) {
		err = errors.New("the signed-in page is not signed in, or the anonymous one is")
		return
	}
	var h http.Header
	if gz, h, err = fetch(url, "Accept-Encoding: gzip"); err != nil {
		return
	}
	if h.Get("Content-Encoding") != "gzip" {
		// hearth did not compress: make the copy nginx serves ourselves.
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(anon)
		zw.Close()
		gz = buf.Bytes()
		r.res.Notes = append(r.res.Notes, "hearth did not gzip the thread page; nginx's gzip copy was made by the runner.")
	}
	if err = os.MkdirAll(filepath.Join(r.dir, "www"), 0o755); err != nil {
		return
	}
	for name, b := range map[string][]byte{"anon.html": anon, "signed.html": signed, "anon.html.gz": gz} {
		if err = os.WriteFile(filepath.Join(r.dir, "www", name), b, 0o644); err != nil {
			return
		}
	}
	return
}

const nginxConf = `# A throwaway nginx for the benchmark: its own prefix, no system files.
worker_processes auto;
daemon off;
pid %[1]s/run/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  # Go's server does not close kept-alive connections after N requests.
  keepalive_requests 1000000;
  keepalive_timeout 65;
  default_type text/html;
  charset utf-8;
  gzip_static on;
  client_body_temp_path %[1]s/run/body;
  proxy_temp_path %[1]s/run/proxy;
  fastcgi_temp_path %[1]s/run/fastcgi;
  uwsgi_temp_path %[1]s/run/uwsgi;
  scgi_temp_path %[1]s/run/scgi;
  server {
    listen %[2]s;
    root %[1]s/www;
  }
}
`

// startNginx starts nginx as an unprivileged throwaway instance with its
// own configuration in the temporary directory.
func (r *runner) startNginx(ctx context.Context, anon, signed, gz []byte) error {
	addr, err := freePort()
	if err != nil {
		return err
	}
	run := filepath.Join(r.dir, "run")
	if err := os.MkdirAll(run, 0o755); err != nil {
		return err
	}
	conf := filepath.Join(r.dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(nginxConf, r.dir, addr)), 0o644); err != nil {
		return err
	}
	log, err := os.Create(filepath.Join(r.dir, "nginx.log"))
	if err != nil {
		return err
	}
	cmd := exec.Command("nginx", "-p", r.dir, "-c", conf, "-e", "stderr")
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if os.Geteuid() == 0 {
		// Never run the benchmark's nginx as root.
		u, err := user.Lookup("nobody")
		if err != nil {
			return err
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(run, uid, gid); err != nil {
			return err
		}
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("nginx: %w", err)
	}
	r.nginx, r.nginxURL = cmd, "http://"+addr
	r.cleanups = append(r.cleanups, func() {
		cmd.Process.Signal(syscall.SIGQUIT)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	if err := waitHTTP(ctx, r.nginxURL+"/anon.html"); err != nil {
		b, _ := os.ReadFile(filepath.Join(r.dir, "nginx.log"))
		return fmt.Errorf("%w\n%s", err, b)
	}
	// Same bytes, checked.
	for path, want := range map[string][]byte{"/anon.html": anon, "/signed.html": signed} {
		got, _, err := fetch(r.nginxURL + path)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			return fmt.Errorf("nginx serves different bytes at %s", path)
		}
	}
	got, h, err := fetch(r.nginxURL+"/anon.html", "Accept-Encoding: gzip")
	if err != nil {
		return err
	}
	if h.Get("Content-Encoding") != "gzip" || !bytes.Equal(got, gz) {
		return errors.New("nginx does not serve hearth's gzip bytes (gzip_static)")
	}
	return nil
}

// wrkResult is what report.lua prints.
type wrkResult struct {
	// WrkCPU is the CPU time wrk itself used; ServerCPU the server's
	// during the run (set by pair).
	WrkCPU, ServerCPU time.Duration `json:"-"`
	Requests          int           `json:"requests"`
	DurationUS        int64         `json:"duration_us"`
	Bytes             int64         `json:"bytes"`
	Errors            struct {
		Connect, Read, Write, Status, Timeout int
	} `json:"errors"`
	Latency struct {
		P50, P90, P99, Max int64
		Mean               float64
	} `json:"latency_us"`
}

func (w wrkResult) errors() int {
	e := w.Errors
	return e.Connect + e.Read + e.Write + e.Status + e.Timeout
}

// wrk runs one load and returns report.lua's numbers.
func (r *runner) wrk(ctx context.Context, url, script string, d time.Duration, headers []string, env ...string) (wrkResult, error) {
	args := []string{"-t", "2", "-c", strconv.Itoa(Connections), "-d", fmt.Sprintf("%ds", int(d.Seconds())), "--timeout", "10s", "-s", r.wrkScripts[script]}
	for _, h := range headers {
		args = append(args, "-H", h)
	}
	args = append(args, url)
	cctx, cancel := context.WithTimeout(ctx, d+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(cctx, "wrk", args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %v\n%s", url, err, out)
	}
	var res wrkResult
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if js, ok := strings.CutPrefix(sc.Text(), "BENCHJSON "); ok {
			if err := json.Unmarshal([]byte(js), &res); err != nil {
				return res, fmt.Errorf("wrk output: %v: %s", err, js)
			}
			res.WrkCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			return res, nil
		}
	}
	return res, fmt.Errorf("wrk printed no result:\n%s", out)
}

// load warms up, then measures one URL on one server.
func (r *runner) load(ctx context.Context, name, server, url, script string, headers []string, env ...string) (Run, error) {
	if r.mode.Warmup > 0 && script == "get" {
		if _, err := r.wrk(ctx, url, script, r.mode.Warmup, headers, env...); err != nil {
			return Run{}, err
		}
	}
	if server == "hearth" {
		r.mem.reset()
	}
	pids := r.serverPIDs(server)
	before := procCPU(pids)
	w, err := r.wrk(ctx, url, script, r.mode.Duration, headers, env...)
	if err != nil {
		return Run{}, err
	}
	serverCPU := procCPU(pids) - before
	secs := float64(w.DurationUS) / 1e6
	run := Run{Name: name, Server: server, URL: strings.TrimPrefix(strings.TrimPrefix(url, r.hearthURL), r.nginxURL), Requests: w.Requests,
		RPS: round(float64(w.Requests)/secs, 0), P50ms: round(float64(w.Latency.P50)/1000, 2), P90ms: round(float64(w.Latency.P90)/1000, 2),
		P99ms: round(float64(w.Latency.P99)/1000, 2), Errors: w.errors()}
	if w.Requests > 0 {
		run.BytesPerOp = round(float64(w.Bytes)/float64(w.Requests), 0)
		run.ServerCPUus = round(float64(serverCPU.Microseconds())/float64(w.Requests), 1)
		run.WrkCPUus = round(float64(w.WrkCPU.Microseconds())/float64(w.Requests), 1)
	}
	if server == "hearth" {
		run.RSSMaxKB = r.mem.max()
	}
	r.res.Runs = append(r.res.Runs, run)
	r.logf("%-22s %-6s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  errors %d  (CPU per request: server %.0f µs, wrk %.0f µs)",
		name, server, run.RPS, run.P50ms, run.P99ms, run.Errors, run.ServerCPUus, run.WrkCPUus)
	if run.Errors > 0 {
		r.res.Notes = append(r.res.Notes, fmt.Sprintf("%s on %s: %d errors (non-2xx/3xx, timeouts or socket errors).", name, server, run.Errors))
	}
	return run, nil
}

// pair measures one page on hearth and the same bytes on nginx in
// alternating rounds (see mode.Rounds).
func (r *runner) pair(ctx context.Context, name, hearthURL string, hearthHeaders []string, nginxURL string, nginxHeaders []string) error {
	type side struct {
		server, url string
		headers     []string
		runs        []wrkResult
	}
	sides := []*side{{server: "hearth", url: hearthURL, headers: hearthHeaders}, {server: "nginx", url: nginxURL, headers: nginxHeaders}}
	for _, sd := range sides {
		if _, err := r.wrk(ctx, sd.url, "get", r.mode.Warmup, sd.headers); err != nil {
			return err
		}
	}
	r.mem.reset()
	var ratios []float64
	for i := range r.mode.Rounds {
		order := sides
		if i%2 == 1 {
			order = []*side{sides[1], sides[0]}
		}
		for _, sd := range order {
			pids := r.serverPIDs(sd.server)
			before := procCPU(pids)
			w, err := r.wrk(ctx, sd.url, "get", r.mode.Slice, sd.headers)
			if err != nil {
				return err
			}
			w.ServerCPU = procCPU(pids) - before
			sd.runs = append(sd.runs, w)
		}
		h, n := sides[0].runs[i], sides[1].runs[i]
		if n.Requests > 0 && n.DurationUS > 0 && h.DurationUS > 0 {
			ratios = append(ratios, (float64(h.Requests)/float64(h.DurationUS))/(float64(n.Requests)/float64(n.DurationUS)))
		}
	}
	for _, sd := range sides {
		run := Run{Name: name, Server: sd.server, URL: strings.TrimPrefix(strings.TrimPrefix(sd.url, r.hearthURL), r.nginxURL)}
		var rps, p50, p90, p99 []float64
		var bytes int64
		var serverCPU, wrkCPU time.Duration
		for _, w := range sd.runs {
			serverCPU += w.ServerCPU
			wrkCPU += w.WrkCPU
			rate := float64(w.Requests) / (float64(w.DurationUS) / 1e6)
			run.RoundsRPS = append(run.RoundsRPS, round(rate, 0))
			rps, p50, p90, p99 = append(rps, rate), append(p50, float64(w.Latency.P50)), append(p90, float64(w.Latency.P90)), append(p99, float64(w.Latency.P99))
			run.Requests += w.Requests
			run.Errors += w.errors()
			bytes += w.Bytes
		}
		run.RPS, run.P50ms, run.P90ms, run.P99ms = round(median(rps), 0), round(median(p50)/1000, 2), round(median(p90)/1000, 2), round(median(p99)/1000, 2)
		if run.Requests > 0 {
			run.BytesPerOp = round(float64(bytes)/float64(run.Requests), 0)
			run.ServerCPUus = round(float64(serverCPU.Microseconds())/float64(run.Requests), 1)
			run.WrkCPUus = round(float64(wrkCPU.Microseconds())/float64(run.Requests), 1)
		}
		if sd.server == "hearth" {
			run.RSSMaxKB = r.mem.max()
		}
		r.res.Runs = append(r.res.Runs, run)
		r.logf("%-22s %-6s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  errors %d  (median of %d rounds)", name, sd.server, run.RPS, run.P50ms, run.P99ms, run.Errors, len(sd.runs))
		if run.Errors > 0 {
			r.res.Notes = append(r.res.Notes, fmt.Sprintf("%s on %s: %d errors (non-2xx/3xx, timeouts or socket errors).", name, sd.server, run.Errors))
		}
	}
	for i := range ratios {
		ratios[i] = round(ratios[i], 3)
	}
	r.res.RatioRounds[name] = ratios
	r.res.Ratios[name] = round(median(ratios), 3)
	// What the ratio would be on a machine doing nothing else, where the
	// server and wrk share the CPUs: the inverse ratio of their CPU time
	// per request.
	h, n := r.res.Runs[len(r.res.Runs)-2], r.res.Runs[len(r.res.Runs)-1]
	if h.ServerCPUus+h.WrkCPUus > 0 {
		r.res.CPURatios[name] = round((n.ServerCPUus+n.WrkCPUus)/(h.ServerCPUus+h.WrkCPUus), 3)
	}
	r.logf("%-22s ratio %.0f%% (rounds %v)", name, 100*r.res.Ratios[name], ratios)
	return nil
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func (r *runner) search(ctx context.Context) error {
	url := r.hearthURL + "/search?q=sleep+schedule"
	res, err := http.Get(url)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		note := fmt.Sprintf("search skipped: GET /search answered %d (no search in this build).", res.StatusCode)
		r.res.Notes = append(r.res.Notes, note)
		r.logf("%s", note)
		return nil
	}
	_, err = r.load(ctx, "search", "hearth", url, "get", nil)
	return err
}

// replyCounts sums the reply counts of the write threads through the API.
func (r *runner) replyCounts() (int, error) {
	total := 0
	for _, id := range r.seed.Writes {
		b, _, err := fetch(fmt.Sprintf("%s/api/v1/threads/%d", r.hearthURL, id))
		if err != nil {
			return 0, err
		}
		var t struct {
			Thread struct {
				ReplyCount int `json:"reply_count"`
			} `json:"thread"`
		}
		if err := json.Unmarshal(b, &t); err != nil {
			return 0, err
		}
		total += t.Thread.ReplyCount
	}
	return total, nil
}

// replies creates replies through the API and checks that every
// acknowledged one is stored; sync names hearth's --sqlite-sync.
func (r *runner) replies(ctx context.Context, sync string) error {
	before, err := r.replyCounts()
	if err != nil {
		return err
	}
	ids := make([]string, len(r.seed.Writes))
	for i, id := range r.seed.Writes {
		ids[i] = strconv.FormatInt(id, 10)
	}
	run, err := r.load(ctx, "create_reply_sync_"+sync, "hearth", r.hearthURL+"/api/v1/threads/replies", "post", nil,
		"BENCH_TOKEN="+r.seed.Token, "BENCH_THREADS="+strings.Join(ids, ","))
	if err != nil {
		return err
	}
	after, err := r.replyCounts()
	if err != nil {
		return err
	}
	acknowledged := run.Requests - run.Errors
	r.res.Replies[sync] = map[string]any{"acknowledged": acknowledged, "stored": after - before, "per_second": run.RPS,
		"p50_ms": run.P50ms, "p99_ms": run.P99ms, "errors": run.Errors, "threads": len(ids),
		"all_acknowledged_stored": after-before >= acknowledged, "server_cpu_us_per_reply": run.ServerCPUus}
	if after-before < acknowledged {
		r.res.Notes = append(r.res.Notes, fmt.Sprintf("LOST WRITES (synchronous=%s): %d replies acknowledged, %d stored.", sync, acknowledged, after-before))
	}
	return nil
}

func (r *runner) finish(anon, signed, gz []byte) {
	replies := 50.0
	r.res.PageWeight = map[string]float64{
		"anonymous_bytes": float64(len(anon)), "anonymous_gzip_bytes": float64(len(gz)), "signed_in_bytes": float64(len(signed)),
		"bytes_per_reply": round(float64(len(anon))/replies, 0), "gzip_bytes_per_reply": round(float64(len(gz))/replies, 0),
		"signed_in_bytes_per_reply": round(float64(len(signed))/replies, 0),
	}
	pass := func(what, target, measured string, v float64, ok bool) {
		r.res.Targets = append(r.res.Targets, Target{What: what, Target: target, Measured: measured, Value: v, Pass: ok})
	}
	ratio := func(name string, min float64, what string) {
		v, ok := r.res.Ratios[name]
		pass(what, fmt.Sprintf("≥ %.0f%% of nginx", min*100), fmt.Sprintf("%.0f%% of nginx", v*100), v, ok && v >= min)
	}
	ratio("thread_anonymous", 0.5, "anonymous thread page, 50 replies")
	ratio("thread_signed_in", 0.15, "signed-in thread page")
	bpr := r.res.PageWeight["bytes_per_reply"]
	pass("HTML per reply (page bytes / 50, so chrome included)", "≤ 1,536 bytes", fmt.Sprintf("%.0f bytes", bpr), bpr, bpr <= 1536)
	rps, _ := r.res.Replies["normal"]["per_second"].(float64)
	stored, _ := r.res.Replies["normal"]["all_acknowledged_stored"].(bool)
	pass("creating replies on SQLite, each committed before it is acknowledged (synchronous=NORMAL, the default: safe from a crash of hearth)",
		"≥ 1,000 per second", fmt.Sprintf("%.0f per second", rps), rps, rps >= 1000 && stored)
	rps, _ = r.res.Replies["full"]["per_second"].(float64)
	stored, _ = r.res.Replies["full"]["all_acknowledged_stored"].(bool)
	pass(fmt.Sprintf("for information: the same with synchronous=FULL (an fsync per commit, %s ms on this disk: safe from a power cut)", r.res.Machine["fsync_ms"]),
		"≥ 1,000 per second", fmt.Sprintf("%.0f per second", rps), rps, rps >= 1000 && stored)
	r.res.Targets[len(r.res.Targets)-1].Info = true
	rss := float64(r.res.Memory["vmhwm"]) / 1024
	pass("resident memory under load (VmHWM)", "≤ 100 MB", fmt.Sprintf("%.1f MB", rss), rss, rss > 0 && rss <= 100)
}

func (r *runner) write() error {
	if err := os.MkdirAll(r.out, 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r.res, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(r.out, "latest.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	md := r.markdown()
	if err := os.WriteFile(filepath.Join(r.out, "latest.md"), []byte(md), 0o644); err != nil {
		return err
	}
	fmt.Print("\n" + md)
	r.logf("wrote %s and %s", filepath.Join(r.out, "latest.md"), filepath.Join(r.out, "latest.json"))
	return nil
}

func (r *runner) markdown() string {
	var b strings.Builder
	res := r.res
	fmt.Fprintf(&b, "# Benchmark results (%s mode)\n\n", res.Mode)
	fmt.Fprintf(&b, "Run on %s: %s CPUs (%s), %s, Go %s, nginx %s, wrk %s. Load average before %s, after %s. "+
		"%d connections, %.0f s per measurement (pages against nginx: %d rounds of %.0f s each), wrk with 2 threads on the same machine; all traffic on 127.0.0.1.\n\n",
		res.Date, res.Machine["cpus"], res.Machine["cpu_model"], res.Machine["kernel"], res.Machine["go"], res.Machine["nginx"], res.Machine["wrk"],
		res.Machine["loadavg_before"], res.Machine["loadavg_after"], res.Connections, res.DurationS, r.mode.Rounds, r.mode.Slice.Seconds())
	d := res.Dataset
	fmt.Fprintf(&b, "Dataset (`hearth seed`): %v communities, %v threads, %v posts, %v members, seeded in %v s (%v posts/s). "+
		"The measured thread (`%v`) has 50 replies.\n\n", d["communities"], d["threads"], d["posts"], d["members"], d["seed_seconds"], d["seed_posts_per_second"], d["bench_thread"])

	b.WriteString("## Targets\n\n| what | target | measured | |\n|---|---|---|---|\n")
	for _, t := range res.Targets {
		mark := "pass"
		switch {
		case t.Info && t.Pass:
			mark = "(met)"
		case t.Info:
			mark = "(not met)"
		case !t.Pass:
			mark = "**FAIL**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", t.What, t.Target, t.Measured, mark)
	}
	b.WriteString("\n## Throughput and latency\n\n| page | server | req/s | p50 ms | p90 ms | p99 ms | bytes/response | errors | server CPU µs/request | hearth RSS max |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, run := range res.Runs {
		rss := ""
		if run.RSSMaxKB > 0 {
			rss = fmt.Sprintf("%.1f MB", float64(run.RSSMaxKB)/1024)
		}
		fmt.Fprintf(&b, "| %s | %s | %.0f | %.2f | %.2f | %.2f | %.0f | %d | %.0f | %s |\n", run.Name, run.Server, run.RPS, run.P50ms, run.P90ms, run.P99ms, run.BytesPerOp, run.Errors, run.ServerCPUus, rss)
	}
	b.WriteString("\n## Ratios to nginx on the same bytes\n\nEach page and nginx's copy of its bytes were loaded in alternating rounds; the ratio is the median of the rounds' ratios. " +
		"The last column estimates the ratio on a machine doing nothing else, from CPU time per request (server and wrk, which share the CPUs): " +
		"it hardly depends on other work, which moves the rates a lot on a shared machine.\n\n" +
		"| page | hearth / nginx | rounds | CPU µs per request, hearth + wrk | nginx + wrk | estimate from CPU |\n|---|---:|---|---:|---:|---:|\n")
	for _, name := range []string{"thread_anonymous", "thread_anonymous_gzip", "thread_signed_in"} {
		if v, ok := res.Ratios[name]; ok {
			var rounds []string
			for _, x := range res.RatioRounds[name] {
				rounds = append(rounds, fmt.Sprintf("%.0f%%", x*100))
			}
			var h, n Run
			for _, run := range res.Runs {
				if run.Name == name && run.Server == "hearth" {
					h = run
				} else if run.Name == name {
					n = run
				}
			}
			fmt.Fprintf(&b, "| %s | %.0f%% | %s | %.0f + %.0f | %.0f + %.0f | %.0f%% |\n", name, v*100, strings.Join(rounds, " "),
				h.ServerCPUus, h.WrkCPUus, n.ServerCPUus, n.WrkCPUus, res.CPURatios[name]*100)
		}
	}
	w := res.PageWeight
	fmt.Fprintf(&b, "\n## Page weight (thread page, 50 replies)\n\n| | bytes | per reply |\n|---|---:|---:|\n"+
		"| signed out | %.0f | %.0f |\n| signed out, gzip | %.0f | %.0f |\n| signed in | %.0f | %.0f |\n\n"+
		"Per reply is the whole page divided by 50, so the header, footer and reply form are included. "+
		"The seeded replies cycle through eight bodies, which flatters gzip.\n",
		w["anonymous_bytes"], w["bytes_per_reply"], w["anonymous_gzip_bytes"], w["gzip_bytes_per_reply"], w["signed_in_bytes"], w["signed_in_bytes_per_reply"])
	fmt.Fprintf(&b, "\n## Memory\n\nhearth's resident memory: at most %.1f MB sampled (VmRSS) during the loads, high-water mark %.1f MB (VmHWM).\n",
		float64(res.Memory["vmrss_max"])/1024, float64(res.Memory["vmhwm"])/1024)
	if len(res.Replies) > 0 {
		b.WriteString("\n## Creating replies\n\n`POST /api/v1/threads/{id}/replies` with a bearer token, spread over the seeded threads; " +
			"each reply is acknowledged only after its transaction commits (group commit, sqldb/batch.go). Stored replies are counted through the API afterwards.\n\n" +
			"Each reply also queues its notifications (a background job) and the email to the thread's author, as on a live site; the jobs run during the measurement.\n\n" +
			"| SQLite synchronous | replies/s | p50 ms | p99 ms | acknowledged | stored | hearth CPU µs per reply |\n|---|---:|---:|---:|---:|---:|---:|\n")
		for _, sync := range []string{"normal", "full"} {
			if rp := res.Replies[sync]; rp != nil {
				fmt.Fprintf(&b, "| %s | %v | %v | %v | %v | %v | %v |\n", strings.ToUpper(sync), rp["per_second"], rp["p50_ms"], rp["p99_ms"], rp["acknowledged"], rp["stored"], rp["server_cpu_us_per_reply"])
			}
		}
	}
	if len(res.Notes) > 0 {
		b.WriteString("\n## Notes\n\n")
		for _, n := range res.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	b.WriteString("\nRatios measured in one run are what to compare: absolute numbers vary between machines and with what else the machine is doing.\n")
	return b.String()
}

func (r *runner) cleanup() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
	if r.dir != "" && !r.keep {
		os.RemoveAll(r.dir)
	} else if r.dir != "" {
		r.logf("kept %s", r.dir)
	}
}

func round(v float64, places int) float64 {
	p := 1.0
	for range places {
		p *= 10
	}
	if v < 0 {
		return float64(int64(v*p-0.5)) / p
	}
	return float64(int64(v*p+0.5)) / p
}

func readLoadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func machineInfo(ctx context.Context) map[string]string {
	m := map[string]string{"cpus": strconv.Itoa(runtime.NumCPU()), "go": strings.TrimPrefix(runtime.Version(), "go"), "loadavg_before": readLoadavg()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m["cpu_model"] = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m["kernel"] = "Linux " + strings.TrimSpace(string(b))
	}
	if out, err := exec.CommandContext(ctx, "nginx", "-v").CombinedOutput(); err == nil {
		m["nginx"] = strings.TrimPrefix(strings.TrimSpace(string(out)), "nginx version: nginx/")
	}
	if out, _ := exec.CommandContext(ctx, "wrk", "-v").CombinedOutput(); len(out) > 0 {
		if f := strings.Fields(string(out)); len(f) > 1 {
			m["wrk"] = f[1]
		}
	}
	return m
}

// memSampler reads VmRSS of a process every 100 ms.
type memSampler struct {
	pid   int
	mu    sync.Mutex
	cur   int // max since reset
	all   int // max over the run
	quit  chan struct{}
	once  sync.Once
	lastH int
}

func startMemSampler(pid int) *memSampler {
	m := &memSampler{pid: pid, quit: make(chan struct{})}
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.quit:
				return
			case <-t.C:
				rss, hwm := procMem(pid)
				m.mu.Lock()
				m.cur, m.all = max(m.cur, rss), max(m.all, rss)
				if hwm > 0 {
					m.lastH = hwm
				}
				m.mu.Unlock()
			}
		}
	}()
	return m
}

func (m *memSampler) reset() { m.mu.Lock(); m.cur = 0; m.mu.Unlock() }
func (m *memSampler) max() int {
	rss, hwm := procMem(m.pid)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cur, m.all = max(m.cur, rss), max(m.all, rss)
	if hwm > 0 {
		m.lastH = hwm
	}
	return m.cur
}
func (m *memSampler) overall() int { m.mu.Lock(); defer m.mu.Unlock(); return m.all }
func (m *memSampler) hwm() int     { m.mu.Lock(); defer m.mu.Unlock(); return m.lastH }
func (m *memSampler) stop() {
	m.max()
	m.once.Do(func() { close(m.quit) })
}

// procMem returns VmRSS and VmHWM in kB from /proc.
func procMem(pid int) (rss, hwm int) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, _ := strconv.Atoi(f[0])
		switch k {
		case "VmRSS":
			rss = n
		case "VmHWM":
			hwm = n
		}
	}
	return rss, hwm
}

// serverPIDs lists the processes of a server: hearth, or nginx's master
// and its workers.
func (r *runner) serverPIDs(server string) []int {
	if server == "hearth" {
		if r.hearth != nil && r.hearth.Process != nil {
			return []int{r.hearth.Process.Pid}
		}
		return nil
	}
	master := r.nginx.Process.Pid
	pids := []int{master}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if f := procStatFields(pid); len(f) > 1 && f[1] == strconv.Itoa(master) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// procStatFields returns the fields of /proc/PID/stat after the command
// name, from the state on (field 3 of proc(5) is index 0).
func procStatFields(pid int) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(s[i+1:])
}

// procCPU is the user and system CPU time used so far by processes.
func procCPU(pids []int) time.Duration {
	var ticks int64
	for _, pid := range pids {
		f := procStatFields(pid)
		if len(f) < 13 {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64) // utime, field 14
		s, _ := strconv.ParseInt(f[12], 10, 64) // stime, field 15
		ticks += u + s
	}
	return time.Duration(ticks) * (time.Second / 100) // USER_HZ is 100 on Linux
}

// fsyncMillis is the median time, in ms, of writing 4 KB to a file in
// dir and flushing it to the disk: what an fsync per commit costs here.
func fsyncMillis(dir string) float64 {
	f, err := os.CreateTemp(dir, "fsync-")
	if err != nil {
		return 0
	}
	defer os.Remove(f.Name())
	defer f.Close()
	buf := make([]byte, 4096)
	var ms []float64
	for range 15 {
		start := time.Now()
		if _, err := f.Write(buf); err != nil {
			return 0
		}
		if err := f.Sync(); err != nil {
			return 0
		}
		ms = append(ms, float64(time.Since(start).Microseconds())/1000)
	}
	return median(ms)
}
