package metrics

import (
	"strings"
	"testing"
)

func TestWriteTo(t *testing.T) {
	var c Counters
	c.EventsReceived.Add(3)
	c.DedupHits.Add(1)
	c.JobsInFlight.Add(2)
	var b strings.Builder
	n, err := c.WriteTo(&b)
	if err != nil || n != int64(b.Len()) {
		t.Fatalf("WriteTo = %d, %v (wrote %d)", n, err, b.Len())
	}
	out := b.String()
	for _, want := range []string{
		"checkmail_events_received_total 3\n",
		"checkmail_dedup_hits_total 1\n",
		"checkmail_analyses_panicked_total 0\n",
		"# TYPE checkmail_jobs_in_flight gauge\ncheckmail_jobs_in_flight 2\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	// Every sample line is "name value".
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		if f := strings.Fields(line); len(f) != 2 || !strings.HasPrefix(f[0], "checkmail_") {
			t.Errorf("bad sample line %q", line)
		}
	}
}
