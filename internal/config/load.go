package config

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// FromEnv loads the configuration from the process environment.
func FromEnv() (*Config, error) { return LoadEnviron(os.Environ()) }

// LoadEnviron is [Load] for a whole environment (KEY=value entries, as
// os.Environ returns them). Unlike Load it sees every variable, so it also
// records the MEMBERBASE_* ones memberbase does not read in UnknownVars.
func LoadEnviron(environ []string) (*Config, error) {
	vars := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	c, err := Load(func(k string) string { return vars[k] })
	if err != nil {
		return nil, err
	}
	c.UnknownVars = unknownVariables(vars)
	return c, nil
}

// Load builds a Config from getenv. It fails only on malformed values (every
// one of them, joined, each naming its variable); missing or weak values are
// left to [Config.Validate].
func Load(getenv func(string) string) (*Config, error) {
	env := strings.ToLower(strings.TrimSpace(getenv(Prefix + "ENV")))
	if env == "" {
		env = Development
	}
	if env != Development && env != Production {
		return nil, fmt.Errorf("%sENV: %q is not development or production", Prefix, env)
	}

	c := &Config{Env: env}
	var errs []error
	for _, o := range Options() {
		v, err := lookup(getenv, o)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if v == "" {
			v = o.Dev
			if env == Production {
				v = o.Prod
			}
		}
		if err := o.set(c, v); err != nil {
			errs = append(errs, fmt.Errorf("%s%s: %w", Prefix, o.Name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if c.MailFromName == "" {
		c.MailFromName = c.OrgName
	}
	if c.PrivacyContact == "" {
		c.PrivacyContact = c.MailFrom
		c.privacyContactUnset = true
	}
	return c, nil
}

// lookup returns the raw value of an option, reading NAME_FILE for secrets.
// Setting both NAME and NAME_FILE is an error: which one wins would surprise.
func lookup(getenv func(string) string, o Option) (string, error) {
	name := Prefix + o.Name
	v := strings.TrimSpace(getenv(name))
	if !o.Secret {
		return v, nil
	}
	path := strings.TrimSpace(getenv(name + "_FILE"))
	if path == "" {
		return v, nil
	}
	if v != "" {
		return "", fmt.Errorf("%s and %s_FILE are both set: keep one", name, name)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%s_FILE: cannot read the file: %w", name, err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}
