package dev.reins.envs.render;

import dev.reins.core.env.Env;
import dev.reins.envs.classic.ClassicControlEnv;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/** Java 2D drawings of the classic-control envs, laid out like Gymnasium's pictures. */
final class ClassicRenderers {
    private static final Color INK = new Color(40, 40, 40);
    private static final Color POLE = new Color(202, 152, 101);
    private static final Color AXLE = new Color(129, 132, 203);

    private ClassicRenderers() {}

    static BufferedImage canvas(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    private static double[] state(Env<?, ?> env) {
        return ((ClassicControlEnv<?>) env.unwrapped()).state();
    }

    static BufferedImage cartPole(Env<?, ?> env) {
        double[] s = state(env);
        int width = 600;
        int height = 400;
        double scale = width / (2.4 * 2);
        double cartY = height - 100;
        BufferedImage image = canvas(width, height);
        Graphics2D g = graphics(image);
        g.setColor(INK);
        g.draw(new Line2D.Double(0, cartY + 15, width, cartY + 15));
        double cartX = s[0] * scale + width / 2.0;
        g.fill(new Rectangle2D.Double(cartX - 25, cartY - 15, 50, 30));
        AffineTransform saved = g.getTransform();
        g.translate(cartX, cartY - 7.5);
        g.rotate(s[2]); // θ = 0 is upright; positive leans right
        g.setColor(POLE);
        g.fill(new Rectangle2D.Double(-5, -scale * 1.0, 10, scale * 1.0));
        g.setTransform(saved);
        g.setColor(AXLE);
        g.fill(new Ellipse2D.Double(cartX - 5, cartY - 12.5, 10, 10));
        g.dispose();
        return image;
    }

    static BufferedImage mountainCar(Env<?, ?> env, double goal) {
        double[] s = state(env);
        int width = 600;
        int height = 400;
        double minX = -1.2;
        double maxX = 0.6;
        double scale = width / (maxX - minX);
        BufferedImage image = canvas(width, height);
        Graphics2D g = graphics(image);
        Path2D.Double track = new Path2D.Double();
        for (int i = 0; i <= 100; i++) {
            double x = minX + (maxX - minX) * i / 100.0;
            double px = (x - minX) * scale;
            double py = height - height(x) * scale;
            if (i == 0) {
                track.moveTo(px, py);
            } else {
                track.lineTo(px, py);
            }
        }
        g.setColor(INK);
        g.setStroke(new BasicStroke(2f));
        g.draw(track);
        double flagX = (goal - minX) * scale;
        double flagY = height - height(goal) * scale;
        g.draw(new Line2D.Double(flagX, flagY, flagX, flagY - 50));
        g.setColor(new Color(204, 204, 0));
        g.fill(new java.awt.Polygon(new int[] {(int) flagX, (int) flagX, (int) flagX + 25},
                new int[] {(int) flagY - 50, (int) flagY - 40, (int) flagY - 45}, 3));
        double carX = (s[0] - minX) * scale;
        double carY = height - height(s[0]) * scale;
        AffineTransform saved = g.getTransform();
        g.translate(carX, carY);
        g.rotate(-Math.atan(Math.cos(3 * s[0]) * 0.45 * 3)); // the slope of the track
        g.setColor(INK);
        g.fill(new Rectangle2D.Double(-20, -30, 40, 20));
        g.setColor(new Color(128, 128, 128));
        g.fill(new Ellipse2D.Double(-17, -15, 12, 12));
        g.fill(new Ellipse2D.Double(5, -15, 12, 12));
        g.setTransform(saved);
        g.dispose();
        return image;
    }

    private static double height(double x) {
        return Math.sin(3 * x) * 0.45 + 0.55;
    }

    static BufferedImage acrobot(Env<?, ?> env) {
        double[] s = state(env);
        int size = 500;
        double scale = size / 5.0;
        BufferedImage image = canvas(size, size);
        Graphics2D g = graphics(image);
        double cx = size / 2.0;
        double cy = size / 2.0;
        g.setColor(INK);
        g.draw(new Line2D.Double(cx - 2.2 * scale, cy - scale, cx + 2.2 * scale, cy - scale)); // the bar to reach
        // Link 1 hangs from the centre at angle θ1 from straight down; link 2 at θ1 + θ2.
        double x1 = cx + Math.sin(s[0]) * scale;
        double y1 = cy + Math.cos(s[0]) * scale;
        double x2 = x1 + Math.sin(s[0] + s[1]) * scale;
        double y2 = y1 + Math.cos(s[0] + s[1]) * scale;
        g.setStroke(new BasicStroke(14f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(new Color(0, 204, 204));
        g.draw(new Line2D.Double(cx, cy, x1, y1));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
        g.setColor(new Color(204, 204, 0));
        g.fill(new Ellipse2D.Double(cx - 6, cy - 6, 12, 12));
        g.fill(new Ellipse2D.Double(x1 - 6, y1 - 6, 12, 12));
        g.dispose();
        return image;
    }

    static BufferedImage pendulum(Env<?, ?> env) {
        double[] s = state(env);
        int size = 500;
        double scale = size / 4.4;
        BufferedImage image = canvas(size, size);
        Graphics2D g = graphics(image);
        double cx = size / 2.0;
        double cy = size / 2.0;
        // θ = 0 is upright.
        double ex = cx + Math.sin(s[0]) * scale;
        double ey = cy - Math.cos(s[0]) * scale;
        g.setStroke(new BasicStroke(0.2f * (float) scale, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(new Color(204, 77, 77));
        g.draw(new Line2D.Double(cx, cy, ex, ey));
        g.setColor(INK);
        g.fill(new Ellipse2D.Double(cx - 5, cy - 5, 10, 10));
        g.dispose();
        return image;
    }
}
