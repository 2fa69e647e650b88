package model

import "fmt"

// FieldError is a configuration that cannot run, named by the field at
// fault. Field is the field's YAML path from the scenario's root
// ("tcp.rwnd", "page.objects[3].after", "hosts.cdn.example.com.tls",
// "faults[1].object"); a strategy's fields are named from the strategy
// ("strategy.conns") and Strategy names it. A loader that knows where each
// field was written maps Field back to the file's line and column, so every
// rule Validate enforces is reported with its position (package scenarios
// does).
type FieldError struct {
	Field    string
	Strategy string // the strategy's name, for strategy.* fields
	Msg      string
}

func (e *FieldError) Error() string {
	if e.Strategy != "" {
		return "strategy " + e.Strategy + ": " + e.Field[len("strategy."):] + ": " + e.Msg
	}
	return e.Field + ": " + e.Msg
}

// fieldErr returns a *FieldError for field with a formatted message.
func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}
