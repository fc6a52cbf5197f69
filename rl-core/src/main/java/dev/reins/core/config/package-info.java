/**
 * Typed configuration: records with defaults, read from YAML or JSON with unknown keys, wrong types and
 * out-of-range values rejected by a message that names the key and what is allowed.
 */
package dev.reins.core.config;
