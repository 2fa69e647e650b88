package model

import "pagesim/model/internal/field"

// FieldError is a configuration that cannot run, named by the field at
// fault. Field is the field's YAML path from the scenario's root
// ("tcp.rwnd", "page.objects[3].after", "hosts.cdn.example.com.tls",
// "faults[1].object"); a strategy's fields are named from the strategy
// ("strategy.conns") and Strategy names it. A loader that knows where each
// field was written maps Field back to the file's line and column, so every
// rule Validate enforces is reported with its position (package scenarios
// does). Every layer's Validate returns it.
type FieldError = field.Error

// fieldErr returns a *FieldError for field with a formatted message.
func fieldErr(f, format string, args ...any) error { return field.Errorf(f, format, args...) }
