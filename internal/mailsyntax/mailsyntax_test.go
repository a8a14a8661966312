package mailsyntax

import "testing"

func TestCommentEnd(t *testing.T) {
	tests := []struct {
		s      string
		i, end int
		closed bool
	}{
		{"(a) b", 0, 3, true},
		{"x (a (b) c) d", 2, 11, true},
		{`(a \) b) c`, 0, 8, true},
		{"(a (b) c", 0, 8, false},
		{`(a\`, 0, 3, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		end, closed := CommentEnd(tt.s, tt.i)
		if end != tt.end || closed != tt.closed {
			t.Errorf("CommentEnd(%q, %d) = %d, %v; want %d, %v", tt.s, tt.i, end, closed, tt.end, tt.closed)
		}
	}
}

func TestQuotedEnd(t *testing.T) {
	tests := []struct {
		s      string
		i, end int
		closed bool
	}{
		{`"a" b`, 0, 3, true},
		{`x "a \" b" c`, 2, 10, true},
		{`"a`, 0, 2, false},
		{`"a\`, 0, 3, false},
	}
	for _, tt := range tests {
		end, closed := QuotedEnd(tt.s, tt.i)
		if end != tt.end || closed != tt.closed {
			t.Errorf("QuotedEnd(%q, %d) = %d, %v; want %d, %v", tt.s, tt.i, end, closed, tt.end, tt.closed)
		}
	}
}

func FuzzEnds(f *testing.F) {
	for _, s := range []string{"(a (b) c)", `"a \" b"`, `(\`, `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); i++ {
			if end, _ := CommentEnd(s, i); end < i || end > len(s) {
				t.Fatalf("CommentEnd(%q, %d) = %d", s, i, end)
			}
			if end, _ := QuotedEnd(s, i); end <= i && len(s) > 0 || end > len(s) {
				t.Fatalf("QuotedEnd(%q, %d) = %d", s, i, end)
			}
		}
	})
}
