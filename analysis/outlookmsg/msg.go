// Package outlookmsg reads Outlook .msg files: the Compound File Binary
// container ([MS-CFB], through richardlehane/mscfb) and the message object in
// it ([MS-OXMSG]): the original internet headers
// (PR_TRANSPORT_MESSAGE_HEADERS), the plain, HTML and compressed RTF bodies,
// recipients, attachments and attached messages. 8-bit strings are decoded
// with the message's code page.
//
// Reading is bounded by Limits: the file size, the number of CFB entries,
// the size of one property, the bytes read in all, the nesting of attached
// messages and the number of attachments.
//
// MIME turns a Message into RFC 5322 bytes for the mail parser.
package outlookmsg

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/richardlehane/mscfb"
)

// Magic is the signature every compound file starts with.
var Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// IsMsg reports whether b starts like a compound file (an Outlook .msg is one).
func IsMsg(b []byte) bool { return bytes.HasPrefix(b, Magic) }

// Limits bounds the work done on one file. A zero field takes its default.
type Limits struct {
	MaxBytes       int // the file; default 25 MiB
	MaxEntries     int // CFB directory entries (streams and storages); default 10000
	MaxProperty    int // one property value; default 25 MiB
	MaxRead        int // bytes read from all streams together; default 2 × MaxBytes
	MaxDepth       int // attached messages inside attached messages; default 4
	MaxAttachments int // attachments (and recipients) of one message; default 500
}

// DefaultLimits returns the limits used for a zero Limits.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 25 << 20, MaxEntries: 10000, MaxProperty: 25 << 20, MaxDepth: 4, MaxAttachments: 500}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxProperty <= 0 {
		l.MaxProperty = d.MaxProperty
	}
	if l.MaxRead <= 0 {
		l.MaxRead = 2 * l.MaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxAttachments <= 0 {
		l.MaxAttachments = d.MaxAttachments
	}
	return l
}

// ErrNotMsg is wrapped when the input is not a readable .msg.
var ErrNotMsg = errors.New("not a readable Outlook .msg")

// LimitError says which bound a file crossed.
type LimitError struct {
	What       string // "file", "entries", "property", "read"
	Limit, Got int
}

func (e *LimitError) Error() string {
	switch e.What {
	case "file":
		return fmt.Sprintf(".msg file is %d bytes, over the %d-byte limit", e.Got, e.Limit)
	case "entries":
		return fmt.Sprintf(".msg file has %d streams and storages, over the limit of %d", e.Got, e.Limit)
	case "property":
		return fmt.Sprintf("a .msg property is %d bytes, over the %d-byte limit", e.Got, e.Limit)
	case "read":
		return fmt.Sprintf(".msg streams add up to more than %d bytes (the limit)", e.Limit)
	}
	return fmt.Sprintf("%s is %d, over the limit of %d", e.What, e.Got, e.Limit)
}

// Recipient types (PR_RECIPIENT_TYPE).
const (
	RecipientTo  = 1
	RecipientCc  = 2
	RecipientBcc = 3
)

// Recipient is one entry of the recipient table.
type Recipient struct {
	Type    int // RecipientTo, RecipientCc, RecipientBcc (0: unknown)
	Name    string
	Address string // SMTP address when the file has one, else the stored address
}

// Attachment is one attachment. An attached message has Embedded set and no Data.
type Attachment struct {
	Filename  string // long file name, else short, else display name
	MimeType  string // PR_ATTACH_MIME_TAG, "" when absent
	ContentID string
	Method    int // PR_ATTACH_METHOD: 1 by value, 5 embedded message, 6 OLE
	Data      []byte
	Embedded  *Message
}

// Message is one message object: the file's top-level message or an attached one.
type Message struct {
	Class            string // PR_MESSAGE_CLASS, e.g. "IPM.Note"
	TransportHeaders string // PR_TRANSPORT_MESSAGE_HEADERS: the original internet headers, "" when absent
	Subject          string
	SenderName       string
	SenderAddress    string // SMTP address when the file has one
	DisplayTo        string
	DisplayCc        string
	MessageID        string
	Date             time.Time // submit time, else delivery time; zero when absent
	Body             string    // PR_BODY
	HTML             string    // PR_HTML, or de-encapsulated from the RTF
	RTF              []byte    // decompressed PR_RTF_COMPRESSED, nil when absent
	RTFKind          RTFKind
	Recipients       []Recipient
	Attachments      []Attachment
	Codepage         int      // code page used for 8-bit strings
	Notes            []string // what could not be read, in plain English
}

// Property IDs ([MS-OXPROPS]).
const (
	propMessageClass      = 0x001A
	propSubject           = 0x0037
	propClientSubmitTime  = 0x0039
	propSentReprName      = 0x0042
	propSentReprEmail     = 0x0065
	propTransportHeaders  = 0x007D
	propRecipientType     = 0x0C15
	propSenderName        = 0x0C1A
	propSenderAddrType    = 0x0C1E
	propSenderEmail       = 0x0C1F
	propDisplayCc         = 0x0E03
	propDisplayTo         = 0x0E04
	propDeliveryTime      = 0x0E06
	propNormalizedSubject = 0x0E1D
	propBody              = 0x1000
	propRTFCompressed     = 0x1009
	propHTML              = 0x1013
	propInternetMessageID = 0x1035
	propDisplayName       = 0x3001
	propEmailAddress      = 0x3003
	propAttachData        = 0x3701
	propAttachFilename    = 0x3704
	propAttachMethod      = 0x3705
	propAttachLongName    = 0x3707
	propAttachMimeTag     = 0x370E
	propAttachContentID   = 0x3712
	propRecipSMTP         = 0x39FE
	propInternetCPID      = 0x3FDE
	propMessageCodepage   = 0x3FFD
	propSenderSMTP        = 0x5D01
	propSentReprSMTP      = 0x5D02
)

// Property types.
const (
	ptLong    = 0x0003
	ptString8 = 0x001E
	ptUnicode = 0x001F
	ptSystime = 0x0040
	ptBinary  = 0x0102
	ptObject  = 0x000D
)

const (
	attachMethodEmbedded = 5
	maxRTFBytes          = 8 << 20 // decompressed RTF kept; bodies beyond are cut by the mail parser's own limits anyway
)

// Parse reads a .msg file.
func Parse(data []byte, lim Limits) (*Message, error) {
	lim = lim.withDefaults()
	if len(data) > lim.MaxBytes {
		return nil, &LimitError{What: "file", Limit: lim.MaxBytes, Got: len(data)}
	}
	if !IsMsg(data) {
		return nil, fmt.Errorf("%w: no compound file signature", ErrNotMsg)
	}
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %s (%v)", ErrNotMsg, cfbProblem(err), err)
	}
	if len(r.File) > lim.MaxEntries {
		return nil, &LimitError{What: "entries", Limit: lim.MaxEntries, Got: len(r.File)}
	}
	rd := &reader{lim: lim, root: newStorage()}
	for i, f := range r.File {
		if i == 0 {
			continue // the root entry
		}
		s := rd.root
		for _, p := range f.Path {
			s = s.child(p)
		}
		if f.FileInfo().IsDir() {
			s.child(f.Name)
		} else if _, dup := s.streams[f.Name]; !dup {
			s.streams[f.Name] = f
		}
	}
	if _, ok := rd.root.streams["__properties_version1.0"]; !ok {
		if len(rd.root.streams) == 0 && len(rd.root.storages) == 0 {
			return nil, fmt.Errorf("%w: the compound file is empty", ErrNotMsg)
		}
		if !rd.root.hasSubstg() {
			return nil, fmt.Errorf("%w: a compound file, but no message properties in it (a Word or Excel file?)", ErrNotMsg)
		}
	}
	m, err := rd.message(rd.root, 0, 32)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// storage is one CFB storage with its streams and child storages.
type storage struct {
	streams  map[string]*mscfb.File
	storages map[string]*storage
}

func newStorage() *storage {
	return &storage{streams: map[string]*mscfb.File{}, storages: map[string]*storage{}}
}

func (s *storage) child(name string) *storage {
	c, ok := s.storages[name]
	if !ok {
		c = newStorage()
		s.storages[name] = c
	}
	return c
}

func (s *storage) hasSubstg() bool {
	for n := range s.streams {
		if strings.HasPrefix(n, "__substg1.0_") {
			return true
		}
	}
	return false
}

// children returns the names of child storages with a prefix, sorted.
func (s *storage) children(prefix string) []string {
	var out []string
	for n := range s.storages {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

type reader struct {
	lim  Limits
	root *storage
	read int // bytes read from streams so far
}

// stream reads a whole stream, or returns nil when absent.
func (rd *reader) stream(s *storage, name string) ([]byte, error) {
	f, ok := s.streams[name]
	if !ok {
		return nil, nil
	}
	if f.Size > int64(rd.lim.MaxProperty) {
		return nil, &LimitError{What: "property", Limit: rd.lim.MaxProperty, Got: int(min(f.Size, 1<<40))}
	}
	if int64(rd.read)+f.Size > int64(rd.lim.MaxRead) {
		return nil, &LimitError{What: "read", Limit: rd.lim.MaxRead}
	}
	rd.read += int(f.Size)
	buf := make([]byte, f.Size)
	// Read in small chunks: the CFB reader's cost per call grows with the
	// square of the sectors it spans.
	const chunk = 32 << 10
	for off := 0; off < len(buf); {
		end := min(off+chunk, len(buf))
		n, err := f.Read(buf[off:end])
		off += n
		if err != nil && !(errors.Is(err, io.EOF) && off == len(buf)) {
			return nil, fmt.Errorf("stream %s: %v", name, err)
		}
		if n == 0 && off < len(buf) {
			return nil, fmt.Errorf("stream %s: ends after %d of %d bytes", name, off, len(buf))
		}
	}
	return buf, nil
}

func substg(id, typ int) string { return fmt.Sprintf("__substg1.0_%04X%04X", id, typ) }

// props is a property object: its storage and its fixed-size values.
type props struct {
	rd    *reader
	s     *storage
	fixed map[uint32][8]byte // tag → value
	cp    int                // code page for 8-bit strings
	notes *[]string
}

// readProps reads the fixed-size properties from __properties_version1.0,
// skipping its header (32 bytes for the top-level message, 24 for an
// attached one, 8 for attachments and recipients).
func (rd *reader) readProps(s *storage, header int, notes *[]string) (*props, error) {
	p := &props{rd: rd, s: s, fixed: map[uint32][8]byte{}, notes: notes}
	b, err := rd.stream(s, "__properties_version1.0")
	if err != nil {
		var le *LimitError
		if errors.As(err, &le) {
			return nil, err
		}
		*notes = append(*notes, "the property stream could not be read: "+err.Error())
		return p, nil
	}
	if len(b) < header {
		return p, nil
	}
	for b = b[header:]; len(b) >= 16; b = b[16:] {
		var v [8]byte
		copy(v[:], b[8:16])
		p.fixed[binary.LittleEndian.Uint32(b[0:4])] = v
	}
	return p, nil
}

func (p *props) long(id int) (int, bool) {
	v, ok := p.fixed[uint32(id)<<16|ptLong]
	if !ok {
		return 0, false
	}
	return int(int32(binary.LittleEndian.Uint32(v[:4]))), true
}

func (p *props) time(id int) time.Time {
	v, ok := p.fixed[uint32(id)<<16|ptSystime]
	if !ok {
		return time.Time{}
	}
	ft := binary.LittleEndian.Uint64(v[:])
	if ft == 0 || ft > 0x7FFFFFFFFFFFFFFF {
		return time.Time{}
	}
	// FILETIME: 100 ns intervals since 1601-01-01.
	const epochDiff = 116444736000000000
	if ft < epochDiff {
		return time.Time{}
	}
	return time.Unix(0, 0).Add(time.Duration(ft-epochDiff) * 100).UTC()
}

// value reads a variable-length property stream; a property over a limit is
// an error, a stream that cannot be read is a note.
func (p *props) value(id, typ int) ([]byte, bool, error) {
	name := substg(id, typ)
	if _, ok := p.s.streams[name]; !ok {
		return nil, false, nil
	}
	b, err := p.rd.stream(p.s, name)
	if err != nil {
		var le *LimitError
		if errors.As(err, &le) {
			return nil, false, err
		}
		*p.notes = append(*p.notes, fmt.Sprintf("property %04X could not be read: %v", id, err))
		return nil, false, nil
	}
	return b, true, nil
}

// str reads a string property stored as PT_UNICODE or PT_STRING8.
func (p *props) str(id int) (string, error) {
	if b, ok, err := p.value(id, ptUnicode); err != nil || ok {
		return decodeUTF16(b), err
	}
	b, ok, err := p.value(id, ptString8)
	if err != nil || !ok {
		return "", err
	}
	return decodeCodepage(trimNUL(b), p.cp), nil
}

// strs reads several string properties, stopping at the first error.
func (p *props) strs(dst map[int]*string) error {
	for id, s := range dst {
		v, err := p.str(id)
		if err != nil {
			return err
		}
		*s = strings.TrimSpace(v)
	}
	return nil
}

func (rd *reader) message(s *storage, depth, header int) (*Message, error) {
	m := &Message{}
	p, err := rd.readProps(s, header, &m.Notes)
	if err != nil {
		return nil, err
	}
	// 8-bit strings are in the message code page; without one, the internet
	// code page tells the script.
	m.Codepage = 1252
	if cp, ok := p.long(propMessageCodepage); ok && cp > 0 {
		m.Codepage = cp
	} else if cp, ok := p.long(propInternetCPID); ok && cp > 0 {
		m.Codepage = cp
	}
	p.cp = m.Codepage

	var senderEmail, senderType, senderSMTP, reprName, reprEmail, reprSMTP, normSubject string
	if err := p.strs(map[int]*string{
		propMessageClass: &m.Class, propSubject: &m.Subject, propNormalizedSubject: &normSubject,
		propSenderName: &m.SenderName, propSenderEmail: &senderEmail, propSenderAddrType: &senderType,
		propSenderSMTP: &senderSMTP, propSentReprName: &reprName, propSentReprEmail: &reprEmail,
		propSentReprSMTP: &reprSMTP, propDisplayTo: &m.DisplayTo, propDisplayCc: &m.DisplayCc,
		propInternetMessageID: &m.MessageID,
	}); err != nil {
		return nil, err
	}
	if m.Subject == "" {
		m.Subject = normSubject
	}
	m.SenderAddress = firstSMTP(senderSMTP, senderEmail, senderType)
	if m.SenderName == "" && m.SenderAddress == "" {
		m.SenderName, m.SenderAddress = reprName, firstSMTP(reprSMTP, reprEmail, "")
	}
	if h, err := p.str(propTransportHeaders); err != nil {
		return nil, err
	} else {
		m.TransportHeaders = strings.TrimLeft(h, "\r\n\t ")
	}
	m.Date = p.time(propClientSubmitTime)
	if m.Date.IsZero() {
		m.Date = p.time(propDeliveryTime)
	}
	if m.Body, err = p.str(propBody); err != nil {
		return nil, err
	}
	if err := rd.bodies(p, m); err != nil {
		return nil, err
	}
	if err := rd.recipients(s, m); err != nil {
		return nil, err
	}
	if err := rd.attachments(s, m, depth); err != nil {
		return nil, err
	}
	return m, nil
}

// firstSMTP returns the SMTP address of a sender: the SMTP property, else
// the stored address when it is an SMTP one (not an Exchange X.500 DN).
func firstSMTP(smtp, addr, addrType string) string {
	if smtp != "" {
		return smtp
	}
	if addr != "" && !strings.EqualFold(addrType, "EX") && !strings.HasPrefix(addr, "/") && strings.Contains(addr, "@") {
		return addr
	}
	return ""
}

// bodies reads the HTML and RTF bodies; HTML and text missing from their
// own properties are taken from the RTF.
func (rd *reader) bodies(p *props, m *Message) error {
	html, ok, err := p.value(propHTML, ptBinary)
	if err != nil {
		return err
	}
	if ok {
		cp := 65001
		if c, ok := p.long(propInternetCPID); ok && c > 0 {
			cp = c
		}
		m.HTML = decodeCodepage(trimNUL(html), cp)
	} else if m.HTML, err = p.str(propHTML); err != nil {
		return err
	}
	rtf, ok, err := p.value(propRTFCompressed, ptBinary)
	if err != nil {
		return err
	}
	if ok && len(rtf) > 0 {
		raw, err := DecompressRTF(rtf, maxRTFBytes)
		if err != nil {
			m.Notes = append(m.Notes, "the RTF body could not be read: "+err.Error())
		} else {
			m.RTF = raw
			m.RTFKind = rtfKind(raw)
		}
	}
	if m.RTF != nil {
		if m.HTML == "" && m.RTFKind == RTFFromHTML {
			m.HTML = RTFToHTML(m.RTF)
		}
		if strings.TrimSpace(m.Body) == "" && m.HTML == "" {
			m.Body = RTFToText(m.RTF)
		}
	}
	return nil
}

func (rd *reader) recipients(s *storage, m *Message) error {
	names := s.children("__recip_version1.0_#")
	if len(names) > rd.lim.MaxAttachments {
		m.Notes = append(m.Notes, fmt.Sprintf("%d recipients; only the first %d were read", len(names), rd.lim.MaxAttachments))
		names = names[:rd.lim.MaxAttachments]
	}
	for _, n := range names {
		rs := s.storages[n]
		p, err := rd.readProps(rs, 8, &m.Notes)
		if err != nil {
			return err
		}
		p.cp = m.Codepage
		var r Recipient
		var email, smtp string
		if err := p.strs(map[int]*string{propDisplayName: &r.Name, propEmailAddress: &email, propRecipSMTP: &smtp}); err != nil {
			return err
		}
		r.Address = firstSMTP(smtp, email, "")
		r.Type, _ = p.long(propRecipientType)
		r.Type &= 0xF // high bits are flags (e.g. 0x10000000 for "responsibility")
		m.Recipients = append(m.Recipients, r)
	}
	return nil
}

func (rd *reader) attachments(s *storage, m *Message, depth int) error {
	names := s.children("__attach_version1.0_#")
	if len(names) > rd.lim.MaxAttachments {
		m.Notes = append(m.Notes, fmt.Sprintf("%d attachments; only the first %d were read", len(names), rd.lim.MaxAttachments))
		names = names[:rd.lim.MaxAttachments]
	}
	for _, n := range names {
		as := s.storages[n]
		p, err := rd.readProps(as, 8, &m.Notes)
		if err != nil {
			return err
		}
		p.cp = m.Codepage
		var a Attachment
		var short, display string
		if err := p.strs(map[int]*string{
			propAttachLongName: &a.Filename, propAttachFilename: &short, propDisplayName: &display,
			propAttachMimeTag: &a.MimeType, propAttachContentID: &a.ContentID,
		}); err != nil {
			return err
		}
		if a.Filename == "" {
			a.Filename = short
		}
		if a.Filename == "" {
			a.Filename = display
		}
		a.Method, _ = p.long(propAttachMethod)
		if sub, ok := as.storages[substg(propAttachData, ptObject)]; ok {
			if a.Method != attachMethodEmbedded && a.Method != 0 {
				// An OLE object (method 6) is a storage, not a message.
				m.Notes = append(m.Notes, fmt.Sprintf("attachment %q is an embedded OLE object; its content was not read", a.Filename))
				m.Attachments = append(m.Attachments, a)
				continue
			}
			if depth+1 > rd.lim.MaxDepth {
				m.Notes = append(m.Notes, fmt.Sprintf("attached messages are nested more than %d deep; the deeper ones were not read", rd.lim.MaxDepth))
				continue
			}
			a.Method = attachMethodEmbedded
			em, err := rd.message(sub, depth+1, 24)
			if err != nil {
				return err
			}
			a.Embedded = em
		} else {
			data, _, err := p.value(propAttachData, ptBinary)
			if err != nil {
				return err
			}
			a.Data = data
		}
		m.Attachments = append(m.Attachments, a)
	}
	return nil
}

// cfbProblem says in plain English what is wrong with a compound file.
func cfbProblem(err error) string {
	var e mscfb.Error
	if errors.As(err, &e) {
		switch e.Typ() {
		case mscfb.ErrTraverse:
			return "its compound-file directory is corrupt (entries out of range or referenced twice)"
		case mscfb.ErrRead:
			return "it is truncated or its compound-file sector chains are broken"
		}
	}
	return "its compound-file header is invalid"
}
