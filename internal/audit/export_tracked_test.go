package audit

// TrackedForTest counts what the tracker still holds for requests and
// broadcasts (keys and collectors): all of it must go when they end.
func (l *Log) TrackedForTest() int {
	t := l.reads
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(t.byAuth) + len(t.byRecord) + len(t.writes)
	for _, s := range t.byAuth {
		n += len(s)
	}
	for _, s := range t.byRecord {
		n += len(s)
	}
	return n
}
