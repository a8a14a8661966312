package analysis

import (
	"fmt"

	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/outlookmsg"
)

// prepareInput turns raw input into the bytes message.Parse reads: an
// Outlook .msg (a compound file) becomes a MIME mail; anything else passes
// through. The notes go into the report.
func prepareInput(raw []byte, lim message.Limits) ([]byte, []string, error) {
	if !outlookmsg.IsMsg(raw) {
		return raw, nil, nil
	}
	c, err := outlookmsg.Convert(raw, outlookmsg.Limits{MaxBytes: lim.MaxBytes})
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrInput, err)
	}
	return c.MIME, c.Notes, nil
}
