package model

import "errors"

// Simulate runs one page load. (Being written; the TCP and HTTP layers land next.)
func Simulate(cfg Config) (*Result, error) {
	return nil, errors.New("model: Simulate not implemented yet")
}
