package ascii

import "testing"

func TestLower(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"already lower", "already lower"},
		{"Dear JOHN.Doe@Example.COM", "dear john.doe@example.com"},
		{"ȺBC\u212aİ\xff", "Ⱥbc\u212aİ\xff"},
	}
	for _, tt := range tests {
		got := Lower(tt.in)
		if got != tt.want || len(got) != len(tt.in) {
			t.Errorf("Lower(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
