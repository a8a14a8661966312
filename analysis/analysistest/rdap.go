package analysistest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fault is a misbehaviour the RDAP server can show for one object.
type Fault int

// Faults.
const (
	FaultNone           Fault = iota
	FaultHang                 // accept and never answer (until the client gives up)
	Fault404                  // HTTP 404
	Fault429                  // HTTP 429 with Retry-After: 120
	Fault500                  // HTTP 500
	FaultGarbage              // HTTP 200 with an HTML page
	FaultHuge                 // HTTP 200 with 2 MiB of JSON
	FaultRedirect             // 302 to another path that serves the object
	FaultRedirectLoop         // 302 to itself, forever
	FaultRedirectScheme       // 302 to an ftp:// URL
)

// RDAPServer is an httptest server speaking RDAP: IANA-style bootstrap
// files under /bootstrap/ that point at itself, registry answers under
// /rdap/ and registrar answers under /registrar/.
type RDAPServer struct {
	srv *httptest.Server

	mu         sync.Mutex
	domains    map[string][]byte // "domain/x.com" and "registrar/domain/x.com" → JSON
	nets       []netEntry
	extraTLDs  map[string]bool
	faults     map[string]Fault // object path → fault
	requests   map[string]int   // object path (or bootstrap file) → count
	total      int
	delay      time.Duration
	retryAfter string
}

type netEntry struct {
	prefix netip.Prefix
	body   []byte
}

// RDAPOption configures an RDAPServer.
type RDAPOption func(*RDAPServer)

// WithDelay delays every RDAP object answer (not the bootstrap files).
func WithDelay(d time.Duration) RDAPOption { return func(s *RDAPServer) { s.delay = d } }

// WithRetryAfter sets the Retry-After value of Fault429 answers (default "120").
func WithRetryAfter(v string) RDAPOption { return func(s *RDAPServer) { s.retryAfter = v } }

// NewRDAPServer starts an RDAP server; it stops when the test ends.
func NewRDAPServer(t testing.TB, opts ...RDAPOption) *RDAPServer {
	t.Helper()
	s := &RDAPServer{
		domains:    map[string][]byte{},
		extraTLDs:  map[string]bool{},
		faults:     map[string]Fault{},
		requests:   map[string]int{},
		retryAfter: "120",
	}
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the server's base URL (no trailing slash).
func (s *RDAPServer) URL() string { return s.srv.URL }

// BootstrapURL is the value for CHECKMAIL_RDAP_BOOTSTRAP.
func (s *RDAPServer) BootstrapURL() string { return s.srv.URL + "/bootstrap/" }

// Close stops the server.
func (s *RDAPServer) Close() { s.srv.Close() }

// DomainJSON serves body as the registry answer for name.
func (s *RDAPServer) DomainJSON(name string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.domains["domain/"+strings.ToLower(name)] = body
}

// RegistrarJSON serves body as the registrar's answer for name (the
// registry answer built by Domain links to it).
func (s *RDAPServer) RegistrarJSON(name string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.domains["registrar/domain/"+strings.ToLower(name)] = body
}

// TLD lists tld in the bootstrap dns.json even without a registered domain.
func (s *RDAPServer) TLD(tld string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.extraTLDs[strings.ToLower(tld)] = true
}

// IP serves body for every address in prefix (longest prefix wins).
func (s *RDAPServer) IP(prefix string, body []byte) {
	p := netip.MustParsePrefix(prefix).Masked()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nets = append(s.nets, netEntry{p, body})
	sort.SliceStable(s.nets, func(i, j int) bool { return s.nets[i].prefix.Bits() > s.nets[j].prefix.Bits() })
}

// Fault makes the object at path ("domain/x.com", "ip/1.2.3.4",
// "registrar/domain/x.com") misbehave.
func (s *RDAPServer) Fault(path string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[strings.ToLower(path)] = f
}

// Requests counts requests for path ("domain/x.com", "ip/1.2.3.4",
// "bootstrap/dns.json").
func (s *RDAPServer) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[strings.ToLower(path)]
}

// Total counts all requests.
func (s *RDAPServer) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

func (s *RDAPServer) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.ToLower(strings.TrimPrefix(r.URL.Path, "/"))
	s.mu.Lock()
	s.total++
	key := strings.TrimPrefix(strings.TrimPrefix(path, "redirected/"), "rdap/")
	s.requests[key]++
	fault := s.faults[key]
	delay := s.delay
	s.mu.Unlock()

	if strings.HasPrefix(path, "bootstrap/") {
		s.bootstrap(w, strings.TrimPrefix(path, "bootstrap/"))
		return
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if !strings.HasPrefix(path, "redirected/") {
		switch fault {
		case FaultHang:
			<-r.Context().Done()
			return
		case Fault404:
			http.Error(w, `{"errorCode":404,"title":"Not Found"}`, http.StatusNotFound)
			return
		case Fault429:
			w.Header().Set("Retry-After", s.retryAfter)
			http.Error(w, `{"errorCode":429,"title":"Too Many Requests"}`, http.StatusTooManyRequests)
			return
		case Fault500:
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		case FaultGarbage:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body>Service temporarily unavailable {\"objectClassName\": </body></html>")
			return
		case FaultHuge:
			w.Header().Set("Content-Type", "application/rdap+json")
			fmt.Fprint(w, `{"objectClassName":"domain","ldhName":"huge.com","remarks":[{"description":["`)
			chunk := strings.Repeat("x", 64<<10)
			for i := 0; i < 32; i++ {
				if _, err := fmt.Fprint(w, chunk); err != nil {
					return
				}
			}
			fmt.Fprint(w, `"]}]}`)
			return
		case FaultRedirect:
			http.Redirect(w, r, "/redirected/"+path, http.StatusFound)
			return
		case FaultRedirectLoop:
			http.Redirect(w, r, "/"+path, http.StatusFound)
			return
		case FaultRedirectScheme:
			http.Redirect(w, r, "ftp://127.0.0.1/"+path, http.StatusFound)
			return
		}
	}
	path = strings.TrimPrefix(path, "redirected/")
	var body []byte
	switch {
	case strings.HasPrefix(path, "rdap/ip/"):
		a, err := netip.ParseAddr(strings.TrimPrefix(path, "rdap/ip/"))
		if err == nil {
			s.mu.Lock()
			for _, n := range s.nets {
				if n.prefix.Contains(a.Unmap()) {
					body = n.body
					break
				}
			}
			s.mu.Unlock()
		}
	case strings.HasPrefix(path, "rdap/domain/"), strings.HasPrefix(path, "registrar/domain/"):
		s.mu.Lock()
		body = s.domains[strings.TrimPrefix(path, "rdap/")]
		s.mu.Unlock()
	}
	if body == nil {
		w.Header().Set("Content-Type", "application/rdap+json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"errorCode":404,"title":"Not Found","description":["The requested object was not found"]}`)
		return
	}
	w.Header().Set("Content-Type", "application/rdap+json")
	_, _ = w.Write(body)
}

func (s *RDAPServer) bootstrap(w http.ResponseWriter, file string) {
	base := s.srv.URL + "/rdap/"
	var entries []string
	s.mu.Lock()
	switch file {
	case "dns.json":
		seen := map[string]bool{}
		for k := range s.domains {
			if name, ok := strings.CutPrefix(k, "domain/"); ok {
				seen[name[strings.LastIndexByte(name, '.')+1:]] = true
			}
		}
		for k := range s.extraTLDs {
			seen[k] = true
		}
		for k := range seen {
			entries = append(entries, k)
		}
	case "ipv4.json", "ipv6.json":
		for _, n := range s.nets {
			if n.prefix.Addr().Is4() == (file == "ipv4.json") {
				entries = append(entries, n.prefix.String())
			}
		}
	case "asn.json":
	default:
		s.mu.Unlock()
		http.NotFound(w, nil)
		return
	}
	s.mu.Unlock()
	sort.Strings(entries)
	doc := map[string]any{
		"description": "RDAP bootstrap file for checkmail tests",
		"publication": "2021-12-01T00:00:00Z",
		"version":     "1.0",
		"services":    [][][]string{},
	}
	if len(entries) > 0 {
		doc["services"] = [][][]string{{entries, {base}}}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(doc)
}
