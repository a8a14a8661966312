package analysistest

import (
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/miekg/dns"
)

// DNSServer is an authoritative-looking DNS server on 127.0.0.1 (UDP and
// TCP on the same port) answering from a table.
type DNSServer struct {
	udp, tcp *dns.Server
	addr     string

	mu       sync.Mutex
	txt      map[string][]string
	a        map[string][]net.IP
	hang     map[string]bool
	servfail map[string]bool
	queries  map[string]int
}

// NewDNSServer starts a DNS server; it stops when the test ends.
func NewDNSServer(t testing.TB) *DNSServer {
	t.Helper()
	s := &DNSServer{txt: map[string][]string{}, a: map[string][]net.IP{}, hang: map[string]bool{}, servfail: map[string]bool{}, queries: map[string]int{}}
	// Find a port free for both UDP and TCP.
	var pc net.PacketConn
	var ln net.Listener
	for i := 0; ; i++ {
		var err error
		pc, err = net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("dns server: %v", err)
		}
		ln, err = net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			break
		}
		pc.Close()
		if i > 20 {
			t.Fatalf("dns server: no port for UDP and TCP: %v", err)
		}
	}
	s.addr = pc.LocalAddr().String()
	h := dns.HandlerFunc(s.handle)
	s.udp = &dns.Server{PacketConn: pc, Handler: h}
	s.tcp = &dns.Server{Listener: ln, Handler: h}
	for _, srv := range []*dns.Server{s.udp, s.tcp} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go func() { _ = srv.ActivateAndServe() }()
		<-started
	}
	t.Cleanup(func() {
		_ = s.udp.Shutdown()
		_ = s.tcp.Shutdown()
	})
	return s
}

// Addr is host:port for CHECKMAIL_DNS.
func (s *DNSServer) Addr() string { return s.addr }

func key(name string) string { return strings.ToLower(dns.Fqdn(name)) }

// TXT adds TXT records to name (each value one record; long values are
// split into 255-byte strings as on the wire).
func (s *DNSServer) TXT(name string, values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.txt[key(name)] = append(s.txt[key(name)], values...)
}

// A adds address records to name.
func (s *DNSServer) A(name string, ips ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ip := range ips {
		s.a[key(name)] = append(s.a[key(name)], net.ParseIP(ip))
	}
}

// Hang makes the server ignore queries for name.
func (s *DNSServer) Hang(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hang[key(name)] = true
}

// ServFail makes the server answer SERVFAIL for name.
func (s *DNSServer) ServFail(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.servfail[key(name)] = true
}

// Queries counts queries for name (any type).
func (s *DNSServer) Queries(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queries[key(name)]
}

func (s *DNSServer) handle(w dns.ResponseWriter, r *dns.Msg) {
	if len(r.Question) != 1 {
		m := new(dns.Msg)
		m.SetRcode(r, dns.RcodeFormatError)
		_ = w.WriteMsg(m)
		return
	}
	q := r.Question[0]
	k := strings.ToLower(q.Name)
	s.mu.Lock()
	s.queries[k]++
	hang, fail := s.hang[k], s.servfail[k]
	txts := append([]string(nil), s.txt[k]...)
	ips := append([]net.IP(nil), s.a[k]...)
	exists := len(s.txt[k]) > 0 || len(s.a[k]) > 0
	s.mu.Unlock()
	if hang {
		return
	}
	m := new(dns.Msg)
	m.SetReply(r)
	m.Authoritative = true
	if fail {
		m.Rcode = dns.RcodeServerFailure
		_ = w.WriteMsg(m)
		return
	}
	hdr := dns.RR_Header{Name: q.Name, Class: dns.ClassINET, Ttl: 300}
	switch q.Qtype {
	case dns.TypeTXT:
		hdr.Rrtype = dns.TypeTXT
		for _, v := range txts {
			m.Answer = append(m.Answer, &dns.TXT{Hdr: hdr, Txt: chunk(v, 255)})
		}
	case dns.TypeA, dns.TypeAAAA:
		for _, ip := range ips {
			if ip4 := ip.To4(); ip4 != nil && q.Qtype == dns.TypeA {
				h := hdr
				h.Rrtype = dns.TypeA
				m.Answer = append(m.Answer, &dns.A{Hdr: h, A: ip4})
			} else if ip.To4() == nil && q.Qtype == dns.TypeAAAA {
				h := hdr
				h.Rrtype = dns.TypeAAAA
				m.Answer = append(m.Answer, &dns.AAAA{Hdr: h, AAAA: ip})
			}
		}
	}
	if !exists {
		m.Rcode = dns.RcodeNameError
	}
	if _, udp := w.RemoteAddr().(*net.UDPAddr); udp {
		size := 512
		if o := r.IsEdns0(); o != nil {
			size = int(o.UDPSize())
		}
		m.Truncate(size)
	}
	_ = w.WriteMsg(m)
}

func chunk(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}
