package outlookmsg

// Converted is a .msg file turned into a mail the mail parser reads.
type Converted struct {
	MIME []byte // RFC 5322 / MIME bytes
	// TransportHeaders is false when the file kept no original internet
	// headers (a draft, a sent item, a message saved before delivery): the
	// header fields were rebuilt from the message's properties and the
	// route the mail took is unknown.
	TransportHeaders bool
	Class            string   // PR_MESSAGE_CLASS of the top-level message
	Notes            []string // plain English: what was rebuilt, left out or unreadable
}

// Convert reads a .msg file and writes it as MIME within lim.MaxBytes.
func Convert(data []byte, lim Limits) (*Converted, error) {
	lim = lim.withDefaults()
	m, err := Parse(data, lim)
	if err != nil {
		return nil, err
	}
	out, notes := m.MIME(MIMEOptions{MaxBytes: lim.MaxBytes})
	c := &Converted{MIME: out, TransportHeaders: m.TransportHeaders != "", Class: m.Class}
	if c.TransportHeaders {
		c.Notes = append(c.Notes, "read from an Outlook .msg file; its original internet headers were kept in it")
	} else {
		c.Notes = append(c.Notes, "read from an Outlook .msg file without the original internet headers (a draft, a sent item or a message saved before delivery): the header fields were rebuilt from the message's properties, so the route the mail took is unknown")
	}
	c.Notes = append(c.Notes, m.allNotes()...)
	c.Notes = append(c.Notes, notes...)
	return c, nil
}

// allNotes gathers the notes of the message and its attached messages.
func (m *Message) allNotes() []string {
	out := append([]string(nil), m.Notes...)
	for _, a := range m.Attachments {
		if a.Embedded != nil {
			for _, n := range a.Embedded.allNotes() {
				out = append(out, "attached message: "+n)
			}
		}
	}
	return out
}
