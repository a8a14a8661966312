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

func TestLowerIntoHasPrefixFold(t *testing.T) {
	var buf [16]byte
	if got := string(LowerInto(buf[:], "X-MS-Exchange")); got != "x-ms-exchange" {
		t.Errorf("LowerInto = %q", got)
	}
	tests := []struct {
		s, prefix string
		want      bool
	}{
		{"<STYLE>", "<style", true},
		{"<Script", "<script", true},
		{"<st", "<style", false},
		{"<ſtyle", "<style", false}, // long s is no ASCII s
		{"MAİLTO:", "mailto:", false},
	}
	for _, tt := range tests {
		if got := HasPrefixFold(tt.s, tt.prefix); got != tt.want {
			t.Errorf("HasPrefixFold(%q, %q) = %v", tt.s, tt.prefix, got)
		}
	}
}

func TestContainsFold(t *testing.T) {
	tests := []struct {
		s, sub string
		want   bool
	}{
		{"x (MAY BE FORGED)", "may be forged", true},
		{"may be forged", "may be forged", true},
		{"may be forge", "may be forged", false},
		{"", "a", false},
		{"abc", "", true},
		{"ſ", "s", false}, // long s is no ASCII s
	}
	for _, tt := range tests {
		if got := ContainsFold(tt.s, tt.sub); got != tt.want {
			t.Errorf("ContainsFold(%q, %q) = %v", tt.s, tt.sub, got)
		}
	}
}

func TestIsAndLowerByte(t *testing.T) {
	for s, want := range map[string]bool{"": true, "Mon, 1 Jan": true, "Ⱥ": false, "a\xff": false, "\x7f": true} {
		if got := Is(s); got != want {
			t.Errorf("Is(%q) = %v, want %v", s, got, want)
		}
	}
	for c, want := range map[byte]byte{'A': 'a', 'Z': 'z', 'a': 'a', '@': '@', '[': '[', 0xC3: 0xC3} {
		if got := LowerByte(c); got != want {
			t.Errorf("LowerByte(%q) = %q, want %q", c, got, want)
		}
	}
}

func TestPrefixIsIsLetters(t *testing.T) {
	tests := []struct {
		s       string
		prefix  int
		letters bool
	}{
		{"", 0, true},
		{"JndLebIg", 8, true},
		{"plain ascii text, longer than eight bytes", 41, false},
		{"abcdefghijklmnop\xffq", 16, false},
		{"abc ȺBC", 4, false},
		{"Ⱥ", 0, false},
		{"a1", 2, false},
		{"[@`{", 4, false}, // the bytes around the letters, which |0x20 must not fold in
	}
	for _, tt := range tests {
		if got := Prefix(tt.s); got != tt.prefix {
			t.Errorf("Prefix(%q) = %d, want %d", tt.s, got, tt.prefix)
		}
		if got := Is(tt.s); got != (tt.prefix == len(tt.s)) {
			t.Errorf("Is(%q) = %v", tt.s, got)
		}
		if got := IsLetters(tt.s); got != tt.letters {
			t.Errorf("IsLetters(%q) = %v, want %v", tt.s, got, tt.letters)
		}
	}
}
