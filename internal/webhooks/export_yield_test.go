package webhooks

// WriteRequests is the number of write requests the worker counts in flight.
func (w *Worker) WriteRequests() int64 { return w.requests.Count() }
