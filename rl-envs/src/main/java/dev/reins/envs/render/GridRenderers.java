package dev.reins.envs.render;

import dev.reins.core.env.Env;
import dev.reins.envs.toytext.CliffWalking;
import dev.reins.envs.toytext.FrozenLake;
import dev.reins.envs.toytext.Taxi;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Grid pictures of the tabular toy-text envs. */
final class GridRenderers {
    private static final int CELL = 48;

    private GridRenderers() {}

    static BufferedImage render(Env<?, ?> env) {
        Env<?, ?> raw = env.unwrapped();
        if (raw instanceof FrozenLake lake) {
            return frozenLake(lake);
        }
        if (raw instanceof CliffWalking cliff) {
            return cliffWalking(cliff);
        }
        return taxi((Taxi) raw);
    }

    private static BufferedImage frozenLake(FrozenLake lake) {
        List<String> map = lake.map();
        int rows = map.size();
        int cols = map.get(0).length();
        BufferedImage image = ClassicRenderers.canvas(cols * CELL, rows * CELL);
        Graphics2D g = ClassicRenderers.graphics(image);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                char tile = map.get(r).charAt(c);
                g.setColor(switch (tile) {
                    case 'H' -> new Color(30, 60, 110);
                    case 'G' -> new Color(80, 180, 80);
                    case 'S' -> new Color(200, 220, 240);
                    default -> new Color(225, 240, 250);
                });
                g.fillRect(c * CELL, r * CELL, CELL, CELL);
                g.setColor(Color.GRAY);
                g.drawRect(c * CELL, r * CELL, CELL, CELL);
            }
        }
        agent(g, lake.state() / cols, lake.state() % cols);
        g.dispose();
        return image;
    }

    private static BufferedImage cliffWalking(CliffWalking cliff) {
        BufferedImage image = ClassicRenderers.canvas(12 * CELL, 4 * CELL);
        Graphics2D g = ClassicRenderers.graphics(image);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 12; c++) {
                boolean isCliff = r == 3 && c >= 1 && c <= 10;
                g.setColor(isCliff ? new Color(90, 60, 40) : r == 3 && c == 11 ? new Color(80, 180, 80) : new Color(235, 245, 225));
                g.fillRect(c * CELL, r * CELL, CELL, CELL);
                g.setColor(Color.GRAY);
                g.drawRect(c * CELL, r * CELL, CELL, CELL);
            }
        }
        agent(g, cliff.state() / 12, cliff.state() % 12);
        g.dispose();
        return image;
    }

    private static BufferedImage taxi(Taxi taxi) {
        int[] d = Taxi.decode(taxi.state());
        BufferedImage image = ClassicRenderers.canvas(5 * CELL, 5 * CELL);
        Graphics2D g = ClassicRenderers.graphics(image);
        Color[] colors = {new Color(220, 60, 60), new Color(60, 180, 60), new Color(220, 200, 40), new Color(60, 90, 220)};
        String[] names = {"R", "G", "Y", "B"};
        int[][] locations = {{0, 0}, {0, 4}, {4, 0}, {4, 3}};
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        for (int i = 0; i < 4; i++) {
            g.setColor(colors[i].brighter());
            g.fillRect(locations[i][1] * CELL, locations[i][0] * CELL, CELL, CELL);
            g.setColor(Color.BLACK);
            g.drawString(names[i] + (d[3] == i ? "*" : ""), locations[i][1] * CELL + 4, locations[i][0] * CELL + 20);
        }
        g.setColor(Color.GRAY);
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                g.drawRect(c * CELL, r * CELL, CELL, CELL);
            }
        }
        // Walls from the Gymnasium map: '|' between columns.
        String[] map = {"|R: | : :G|", "| : | : : |", "| : : : : |", "| | : | : |", "|Y| : |B: |"};
        g.setColor(Color.BLACK);
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 4; c++) {
                if (map[r].charAt(2 * c + 2) == '|') {
                    g.fillRect((c + 1) * CELL - 2, r * CELL, 4, CELL);
                }
            }
        }
        g.setColor(d[2] == 4 ? new Color(40, 160, 40) : new Color(240, 180, 0));
        g.fillRoundRect(d[1] * CELL + 8, d[0] * CELL + 14, CELL - 16, CELL - 24, 8, 8);
        if (d[2] < 4) {
            g.setColor(Color.BLACK);
            g.fillOval(locations[d[2]][1] * CELL + CELL - 16, locations[d[2]][0] * CELL + CELL - 16, 10, 10);
        }
        g.dispose();
        return image;
    }

    private static void agent(Graphics2D g, int row, int col) {
        g.setColor(new Color(230, 80, 60));
        g.fillOval(col * CELL + 10, row * CELL + 10, CELL - 20, CELL - 20);
    }
}
