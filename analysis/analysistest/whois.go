package analysistest

import (
	"bufio"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// WHOISServer is a TCP WHOIS server on 127.0.0.1 answering from a table.
type WHOISServer struct {
	ln       net.Listener
	mu       sync.Mutex
	answers  map[string]string
	hang     map[string]bool
	requests map[string]int
	queries  []string
	// NotFound is the answer to unknown queries (JPRS's by default).
	notFound string
	wg       sync.WaitGroup
	done     chan struct{}
}

// NewWHOISServer starts a WHOIS server; it stops when the test ends.
func NewWHOISServer(t testing.TB) *WHOISServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("whois server: %v", err)
	}
	s := &WHOISServer{
		ln:       ln,
		answers:  map[string]string{},
		hang:     map[string]bool{},
		requests: map[string]int{},
		notFound: "No match!!\r\n\r\nDon't add \"/e\" to the query for Japanese output.\r\n",
		done:     make(chan struct{}),
	}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.Close)
	return s
}

// Addr is host:port of the server.
func (s *WHOISServer) Addr() string { return s.ln.Addr().String() }

// Set makes the server answer query (exactly as sent, e.g. "rakuten.co.jp/e").
func (s *WHOISServer) Set(query, answer string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers[query] = answer
}

// Hang makes the server accept query and never answer (until Close).
func (s *WHOISServer) Hang(query string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hang[query] = true
}

// Requests returns how many times query was asked.
func (s *WHOISServer) Requests(query string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[query]
}

// Queries returns every query received, in order.
func (s *WHOISServer) Queries() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.queries...)
}

// Close stops the server and waits for its connections.
func (s *WHOISServer) Close() {
	select {
	case <-s.done:
		return
	default:
	}
	close(s.done)
	s.ln.Close()
	s.wg.Wait()
}

func (s *WHOISServer) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go s.handle(c)
	}
}

func (s *WHOISServer) handle(c net.Conn) {
	defer s.wg.Done()
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return
	}
	q := strings.TrimRight(line, "\r\n")
	s.mu.Lock()
	s.requests[q]++
	s.queries = append(s.queries, q)
	ans, ok := s.answers[q]
	hang := s.hang[q]
	s.mu.Unlock()
	if hang {
		<-s.done
		return
	}
	if !ok {
		ans = s.notFound
	}
	_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_, _ = c.Write([]byte(ans))
}
