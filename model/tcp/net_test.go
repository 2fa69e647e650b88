package tcp

import (
	"pagesim/model/link"
	"pagesim/sim"
)

// testNet is a stack over a network of its own, with the counters tests
// read.
type testNet struct {
	*Stack
}

func newNet(s *sim.Sim, nw link.Config, tc Config, seed uint64, run int) (*testNet, error) {
	n, err := link.New(s, nw, seed, run)
	if err != nil {
		return nil, err
	}
	st, err := NewStack(n, tc)
	if err != nil {
		return nil, err
	}
	return &testNet{st}, nil
}

func (n *testNet) Retransmits() int64                  { return n.Stack.Stats().Retransmits }
func (n *testNet) RTOs() int                           { return n.Stack.Stats().RTOs }
func (n *testNet) SpuriousRTOs() int                   { return n.Stack.Stats().SpuriousRTOs }
func (n *testNet) Destroyed() int64                    { return n.Stack.Stats().Destroyed }
func (n *testNet) SetDropRule(d link.Dir, r link.Rule) { n.Net().SetDropRule(d, r) }
func (n *testNet) Stats() (down, up link.Stats)        { return n.Net().Stats() }
