package message

import (
	"bytes"
	"strings"

	"github.com/checkmail/checkmail/internal/ascii"
)

// normalizeEOL returns data with LF line ends. CRLF becomes LF; when the
// input has no LF at all, bare CRs become LF. bareCR reports the latter.
func normalizeEOL(data []byte) (out []byte, bareCR bool) {
	cr := bytes.IndexByte(data, '\r')
	if cr < 0 {
		return data, false
	}
	if bytes.IndexByte(data, '\n') < 0 {
		out = bytes.ReplaceAll(data, []byte{'\r'}, []byte{'\n'})
		return out, true
	}
	out = make([]byte, 0, len(data))
	for {
		// Copy up to each CRLF's LF, leaving out its CR.
		i := bytes.Index(data, crlfBytes)
		if i < 0 {
			return append(out, data...), false
		}
		out = append(out, data[:i]...)
		data = data[i+1:]
	}
}

var crlfBytes = []byte("\r\n")

// slackLink reports whether s starts with Slack link markup such as
// <mailto:a@b.c|a@b.c>, <http://x|x> or <http://x>, and returns its length
// and the text it stands for.
func slackLink(s []byte) (n int, text []byte, ok bool) {
	if len(s) < 3 || s[0] != '<' {
		return 0, nil, false
	}
	end := bytes.IndexAny(s[1:], "<>\n")
	if end < 0 || s[1+end] != '>' {
		return 0, nil, false
	}
	inner := s[1 : 1+end]
	target, label, hasLabel := bytes.Cut(inner, []byte{'|'})
	var scheme string
	for _, p := range []string{"mailto:", "http://", "https://", "tel:", "ftp://"} {
		// ASCII case only: İ lower-cases to 'i', and len(scheme) must
		// be the length of the scheme in target.
		if ascii.HasPrefixFold(string(target), p) {
			scheme = p
			break
		}
	}
	if scheme == "" || bytes.ContainsAny(target, " \t") {
		return 0, nil, false
	}
	switch {
	case hasLabel:
		text = label
	case scheme == "mailto:" || scheme == "tel:":
		text = target[len(scheme):]
	default:
		text = target
	}
	return end + 2, text, true
}

// looksSlackEscaped reports whether data reads like text pasted through Slack:
// it has HTML entities or Slack link markup, and every '<' in it starts link
// markup (a raw mail always has bare <addr> or HTML somewhere).
func looksSlackEscaped(data []byte) bool {
	markup := 0
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			break
		}
		n, _, ok := slackLink(data[i+j:])
		if !ok {
			return false
		}
		markup++
		i += j + n
	}
	if markup > 0 {
		return true
	}
	return bytes.Contains(data, []byte("&lt;")) || bytes.Contains(data, []byte("&gt;")) || bytes.Contains(data, []byte("&amp;"))
}

// slackUnescape undoes Slack's link markup and its &lt; &gt; &amp; escapes.
func slackUnescape(data []byte) []byte {
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); {
		c := data[i]
		if c == '<' {
			if n, text, ok := slackLink(data[i:]); ok {
				out = append(out, unescapeEntities(text)...)
				i += n
				continue
			}
		}
		if c == '&' {
			if r, n := entity(data[i:]); n > 0 {
				out = append(out, r)
				i += n
				continue
			}
		}
		out = append(out, c)
		i++
	}
	return out
}

func unescapeEntities(b []byte) []byte {
	if bytes.IndexByte(b, '&') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if r, n := entity(b[i:]); n > 0 {
			out = append(out, r)
			i += n
			continue
		}
		out = append(out, b[i])
		i++
	}
	return out
}

func entity(b []byte) (byte, int) {
	switch {
	case bytes.HasPrefix(b, []byte("&lt;")):
		return '<', 4
	case bytes.HasPrefix(b, []byte("&gt;")):
		return '>', 4
	case bytes.HasPrefix(b, []byte("&amp;")):
		return '&', 5
	}
	return 0, 0
}

// Bounds on the search for the first header line.
const (
	maxJunkLines = 200
	maxJunkBytes = 64 << 10
	maxScanBlock = 300 // lines of a candidate header block checked for a known field
)

// findHeaderStart finds the first line of the header block: the first
// header-like line (after leading white space) that begins a run of header
// lines containing a well-known mail field. It returns the line's offset,
// its indentation and how many non-blank lines were skipped before it; off
// is -1 when there is none.
func findHeaderStart(data []byte) (off int, indent []byte, skipped int) {
	pos := 0
	for lines := 0; pos < len(data) && lines < maxJunkLines && pos < maxJunkBytes; lines++ {
		line, next := nextLine(data, pos)
		trimmed := bytes.TrimLeft(line, " \t")
		if len(trimmed) == 0 {
			pos = next
			continue
		}
		if name, _, ok := headerLine(trimmed); ok {
			ind := line[:len(line)-len(trimmed)]
			if knownField(name) {
				return pos, ind, skipped
			}
			known, n, lines := blockHasKnownField(data[next:], ind)
			if known {
				return pos, ind, skipped
			}
			skipped += 1 + lines
			pos = next + n // the block is no header: do not scan it again
			continue
		}
		skipped++
		pos = next
	}
	return -1, nil, skipped
}

// blockHasKnownField reports whether the header-like lines at the start of
// data (up to a blank or non-header line) contain a well-known field, and
// how many bytes and lines of header-like lines it read.
func blockHasKnownField(data, indent []byte) (known bool, n, lines int) {
	pos := 0
	for i := 0; pos < len(data) && i < maxScanBlock; i++ {
		line, next := nextLine(data, pos)
		line = bytes.TrimPrefix(line, indent)
		if len(bytes.TrimSpace(line)) == 0 {
			return false, pos, i
		}
		if line[0] != ' ' && line[0] != '\t' {
			name, _, ok := headerLine(line)
			if !ok {
				return false, pos, i
			}
			if knownField(name) {
				return true, pos, i
			}
		}
		pos = next
	}
	return false, pos, maxScanBlock
}

// dedent removes indent from the start of every line of data that has it.
func dedent(data, indent []byte) []byte {
	out := make([]byte, 0, len(data))
	for pos := 0; pos < len(data); {
		line, next := nextLine(data, pos)
		out = append(out, bytes.TrimPrefix(line, indent)...)
		if next > pos+len(line) {
			out = append(out, '\n')
		}
		pos = next
	}
	return out
}

// nextLine returns the line starting at pos (without its LF) and the offset
// of the line after it.
func nextLine(data []byte, pos int) (line []byte, next int) {
	i := bytes.IndexByte(data[pos:], '\n')
	if i < 0 {
		return data[pos:], len(data)
	}
	return data[pos : pos+i], pos + i + 1
}

// knownField reports whether name is a field that mail headers carry, so that
// a block containing it is a mail header and not prose with a colon.
func knownField(name []byte) bool {
	n := strings.ToLower(string(name))
	switch n {
	case "received", "from", "to", "subject", "date", "message-id", "return-path",
		"delivered-to", "mime-version", "content-type", "content-transfer-encoding",
		"reply-to", "sender", "cc", "bcc", "in-reply-to", "references",
		"authentication-results", "received-spf", "dkim-signature", "domainkey-signature",
		"arc-seal", "arc-message-signature", "arc-authentication-results",
		"thread-topic", "thread-index", "user-agent", "envelope-to", "importance",
		"precedence", "feedback-id", "content-language", "accept-language", "auto-submitted":
		return true
	}
	for _, p := range []string{"x-", "list-", "resent-", "arc-", "dkim-"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}
