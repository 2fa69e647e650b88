package h3

import "pagesim/model/internal/field"

// Config configures HTTP/3 on both sides (YAML h3.*).
type Config struct {
	// QPACKTable is the QPACK dynamic table capacity each decoder allows
	// (SETTINGS_QPACK_MAX_TABLE_CAPACITY, RFC 9204 §5), in bytes. Zero,
	// the default: the static table only (what many servers run with).
	QPACKTable int64
	// QPACKBlockedStreams is how many streams a decoder lets be blocked
	// on insertions not yet arrived (SETTINGS_QPACK_BLOCKED_STREAMS).
	// Default 100. Zero: the encoder only references entries the decoder
	// acknowledged, so no stream ever waits for another.
	QPACKBlockedStreams int
}

// DefaultConfig returns the documented defaults of Config.
func DefaultConfig() Config { return Config{QPACKBlockedStreams: 100} }

// MaxQPACKTable bounds the table capacity a configuration may set (1 GiB;
// Chrome allows 64 KiB).
const MaxQPACKTable = 1 << 30

// Validate checks a Config; the error is a *field.Error naming the field.
func (c Config) Validate() error {
	if c.QPACKTable < 0 || c.QPACKTable > MaxQPACKTable {
		return field.Errorf("h3.qpack_table", "must be between 0 B and 1 GiB, got %d B", c.QPACKTable)
	}
	if c.QPACKBlockedStreams < 0 || c.QPACKBlockedStreams > 1<<20 {
		return field.Errorf("h3.qpack_blocked_streams", "must be between 0 and 1048576, got %d", c.QPACKBlockedStreams)
	}
	return nil
}
