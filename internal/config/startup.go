package config

// StartupFindings returns the findings that matter in every profile: `serve`
// refuses to start on an error among them, in development too, and logs each
// warning. [Config.Validate] includes them. They are a trust range covering
// every address (an error only in production), SMTP_PORT=465 without
// SMTP_TLS, and unknown MEMBERBASE_* variables.
func (c *Config) StartupFindings() []Finding {
	var fs []Finding
	add := func(id, level, v, msg, fix string) {
		fs = append(fs, Finding{ID: id, Level: level, Var: Prefix + v, Message: msg, Fix: fix})
	}
	c.validateProxies(add)
	c.validateSMTPTLS(add)
	c.validateUnknown(add)
	return fs
}

// implicitTLSPort is SMTP submission over implicit TLS (RFC 8314).
const implicitTLSPort = 465

// validateSMTPTLS refuses port 465 without SMTP_TLS: the server waits for a
// TLS handshake while the client waits for the server's greeting, so every
// send hangs until its timeout instead of failing.
func (c *Config) validateSMTPTLS(add func(id, level, v, msg, fix string)) {
	if c.SMTP.Host != "" && c.SMTP.Port == implicitTLSPort && !c.SMTP.TLS {
		add("MB.E017", LevelError, "SMTP_TLS", "MEMBERBASE_SMTP_PORT is 465 (implicit TLS) but MEMBERBASE_SMTP_TLS is false: every send would hang", "set MEMBERBASE_SMTP_TLS=true")
	}
}
