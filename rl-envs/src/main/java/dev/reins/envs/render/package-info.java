/**
 * Pictures of envs drawn with Java 2D (headless), and an animated-GIF writer: what {@code reins render} uses. Rendering
 * reads the unwrapped env's state; it never changes it.
 */
package dev.reins.envs.render;
