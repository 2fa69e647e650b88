// Package field is the error every layer's Validate returns: a
// configuration that cannot run, named by the field at fault with its YAML
// path, so that a loader can map it back to the line and column where the
// field was written (model re-exports it as model.FieldError).
package field

import "fmt"

// Error is a field that cannot run. Field is the field's YAML path from the
// scenario's root ("tcp.rwnd", "page.objects[3].after",
// "hosts.cdn.example.com.tls", "faults[1].object"); a strategy's fields are
// named from the strategy ("strategy.conns") and Strategy names it.
type Error struct {
	Field    string
	Strategy string // the strategy's name, for strategy.* fields
	Msg      string
}

func (e *Error) Error() string {
	if e.Strategy != "" {
		return "strategy " + e.Strategy + ": " + e.Field[len("strategy."):] + ": " + e.Msg
	}
	return e.Field + ": " + e.Msg
}

// Errorf returns an *Error for field with a formatted message.
func Errorf(field, format string, args ...any) error {
	return &Error{Field: field, Msg: fmt.Sprintf(format, args...)}
}
