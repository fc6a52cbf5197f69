package dev.reins.core.config;

/** A configuration that cannot be used: unknown key, wrong type, or a value out of range. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
