// Package linkcheck checks the directory's channel links and marks the
// dead ones. It is polite: a few requests at a time, one host at a time
// per worker with a pause between requests to the same host, a timeout on
// each, an honest User-Agent, HEAD first and GET only when HEAD does not
// give an answer. It is off unless the operator turns it on.
package linkcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/hearth-community/hearth"
)

// UserAgent names the checker to the sites it visits.
const UserAgent = "hearth-linkcheck/1.0 (directory link checker of a hearth community server; +https://github.com/hearth-community/hearth)"

// Store is what the checker needs from storage.
type Store interface {
	// ChannelsToCheck returns up to limit channels never checked or last
	// checked before a time, those waiting longest first.
	ChannelsToCheck(ctx context.Context, checkedBefore time.Time, limit int) ([]hearth.ChannelCheck, error)
	RecordChannelCheck(ctx context.Context, c hearth.ChannelCheck) error
}

// Options tune a run. Zero values take the defaults.
type Options struct {
	// Concurrency is how many hosts are checked at once (default 4).
	Concurrency int
	// HostDelay is the pause after one request to a host before the next
	// one to it (default 2s).
	HostDelay time.Duration
	// Timeout bounds each request (default 15s).
	Timeout time.Duration
	// Recheck is how old a check must be to check the link again
	// (default 7 days).
	Recheck time.Duration
	// Limit bounds the channels checked in one run (default 500).
	Limit int
	// UserAgent overrides the default User-Agent.
	UserAgent string
	// Now is the clock (default time.Now).
	Now func() time.Time
}

func (o *Options) defaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.HostDelay <= 0 {
		o.HostDelay = 2 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 15 * time.Second
	}
	if o.Recheck <= 0 {
		o.Recheck = 7 * 24 * time.Hour
	}
	if o.Limit <= 0 {
		o.Limit = 500
	}
	if o.UserAgent == "" {
		o.UserAgent = UserAgent
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Summary counts what a run found.
type Summary struct {
	Checked int
	OK      int
	Dead    int
	Unknown int
}

func (s Summary) String() string {
	return fmt.Sprintf("checked %d links: %d working, %d dead, %d could not be checked", s.Checked, s.OK, s.Dead, s.Unknown)
}

// CheckLinks checks the channels due for a check and records each result.
// The client should come from NewClient (which refuses private addresses
// and caps redirects); tests pass one that reaches a local test server.
// A cancelled context stops the run between requests; what was checked
// by then is kept.
func CheckLinks(ctx context.Context, store Store, client *http.Client, opts Options) (Summary, error) {
	opts.defaults()
	due, err := store.ChannelsToCheck(ctx, opts.Now().Add(-opts.Recheck), opts.Limit)
	if err != nil {
		return Summary{}, err
	}
	// One queue per host, so that a worker can pause between requests to
	// its host while the others carry on with theirs.
	byHost := map[string][]hearth.ChannelCheck{}
	var hosts []string
	for _, c := range due {
		h := hostOf(c.URL)
		if _, ok := byHost[h]; !ok {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], c)
	}
	sort.Strings(hosts)

	var (
		mu      sync.Mutex
		sum     Summary
		firstEr error
	)
	work := make(chan string)
	var wg sync.WaitGroup
	for range min(opts.Concurrency, max(len(hosts), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for h := range work {
				last := time.Time{}
				for _, c := range byHost[h] {
					res := check(ctx, client, c.URL, opts, &last)
					if ctx.Err() != nil {
						return
					}
					c.Status, c.Note, c.CheckedAt = res.status, res.note, opts.Now()
					err := store.RecordChannelCheck(ctx, c)
					mu.Lock()
					if err != nil && firstEr == nil {
						firstEr = err
					}
					sum.Checked++
					switch res.status {
					case hearth.ChannelOK:
						sum.OK++
					case hearth.ChannelDead:
						sum.Dead++
					default:
						sum.Unknown++
					}
					mu.Unlock()
				}
			}
		}()
	}
feed:
	for _, h := range hosts {
		select {
		case work <- h:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if firstEr == nil {
		firstEr = ctx.Err()
	}
	return sum, firstEr
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.ToLower(u.Hostname())
}

type result struct {
	status hearth.ChannelStatus
	note   string
}

// wait sleeps until delay has passed since last, the end of the previous
// request to the same host.
func wait(ctx context.Context, delay time.Duration, last time.Time) {
	if last.IsZero() {
		return
	}
	if d := delay - time.Since(last); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
}

// check asks for a URL with HEAD and, when that does not settle it (an
// error, or a status other than success, redirect, 404 or 410: some
// servers mishandle HEAD), with GET.
func check(ctx context.Context, client *http.Client, raw string, opts Options, last *time.Time) result {
	wait(ctx, opts.HostDelay, *last)
	code, err := fetch(ctx, client, http.MethodHead, raw, opts)
	*last = time.Now()
	if err == nil && (code < 400 || code == http.StatusNotFound || code == http.StatusGone) {
		return classify(code, nil)
	}
	if ctx.Err() != nil {
		return result{hearth.ChannelUnknown, "check stopped"}
	}
	wait(ctx, opts.HostDelay, *last)
	code, err = fetch(ctx, client, http.MethodGet, raw, opts)
	*last = time.Now()
	return classify(code, err)
}

func fetch(ctx context.Context, client *http.Client, method, raw string, opts Options) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, raw, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	// Read a little of the body, so that the connection can be reused,
	// and never the whole of a large page.
	io.Copy(io.Discard, io.LimitReader(res.Body, 16<<10))
	res.Body.Close()
	return res.StatusCode, nil
}

// classify turns a final status or error into a channel status. Only
// clear signs count as dead: 404, 410, or a site name that no longer
// exists. Anything else that fails (timeouts, server errors, sites that
// turn automated checks away) is "unknown", never dead.
func classify(code int, err error) result {
	if err != nil {
		var dnsErr *net.DNSError
		switch {
		case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
			return result{hearth.ChannelDead, "the site's name no longer exists"}
		case errors.Is(err, errPrivate):
			return result{hearth.ChannelUnknown, "the site points to a private network address"}
		case errors.Is(err, errTooManyRedirects):
			return result{hearth.ChannelUnknown, "too many redirects"}
		case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
			return result{hearth.ChannelUnknown, "the site did not answer in time"}
		case errors.Is(err, syscall.ECONNREFUSED):
			return result{hearth.ChannelUnknown, "the site refused the connection"}
		}
		return result{hearth.ChannelUnknown, "the site could not be reached"}
	}
	switch {
	case code >= 200 && code < 400:
		return result{hearth.ChannelOK, ""}
	case code == http.StatusNotFound:
		return result{hearth.ChannelDead, "page not found (404)"}
	case code == http.StatusGone:
		return result{hearth.ChannelDead, "page removed (410)"}
	case code == http.StatusUnauthorized || code == http.StatusForbidden || code == http.StatusTooManyRequests || code == 999:
		return result{hearth.ChannelUnknown, fmt.Sprintf("the site turned the checker away (%d)", code)}
	case code >= 500:
		return result{hearth.ChannelUnknown, fmt.Sprintf("server error (%d)", code)}
	}
	return result{hearth.ChannelUnknown, fmt.Sprintf("unexpected answer (%d)", code)}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

var (
	errPrivate          = errors.New("linkcheck: refusing a private or local address")
	errTooManyRedirects = errors.New("linkcheck: too many redirects")
)

// NewClient returns the client the checker uses in production: it follows
// at most 5 redirects, and it refuses to connect to loopback, private,
// link-local and other non-public addresses (whatever a site's name
// resolves to), so that a directory entry cannot turn the checker on the
// server's own network.
func NewClient() *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, Control: func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		ip := net.ParseIP(host)
		if ip == nil || !publicIP(ip) {
			return errPrivate
		}
		return nil
	}}
	tr := &http.Transport{
		// No proxy: the address check above must see the real target.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 15 * time.Second,
		MaxIdleConnsPerHost:   1,
		IdleConnTimeout:       30 * time.Second,
	}
	return &http.Client{Transport: tr, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errTooManyRedirects
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return errTooManyRedirects
		}
		return nil
	}}
}

func publicIP(ip net.IP) bool {
	return !(ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() ||
		// Carrier-grade NAT, 100.64.0.0/10.
		(ip.To4() != nil && ip.To4()[0] == 100 && ip.To4()[1]&0xc0 == 64))
}
