package dev.reins.envs.render;

import dev.reins.core.env.Env;
import dev.reins.envs.games.ConnectFour;
import dev.reins.envs.games.GameEnv;
import dev.reins.envs.games.TicTacToe;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Pictures of board-game positions: tic-tac-toe's grid with X and O, Connect Four's blue rack with red and yellow discs. */
final class GameRenderers {
    private static final int CELL = 96;

    private GameRenderers() {}

    static BufferedImage render(Env<?, ?> env) {
        GameEnv<?> game = (GameEnv<?>) env.unwrapped();
        Object state = game.state();
        if (state == null) {
            throw new IllegalStateException(env.name() + ": nothing to render before reset()");
        }
        if (state instanceof TicTacToe.Board b) {
            return ticTacToe(b);
        }
        return connectFour((ConnectFour.Board) state);
    }

    private static Graphics2D start(BufferedImage image, Color background) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(background);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    static BufferedImage ticTacToe(TicTacToe.Board b) {
        BufferedImage image = new BufferedImage(3 * CELL, 3 * CELL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image, Color.WHITE);
        g.setColor(new Color(60, 60, 60));
        g.setStroke(new BasicStroke(4));
        for (int i = 1; i < 3; i++) {
            g.drawLine(i * CELL, 8, i * CELL, 3 * CELL - 8);
            g.drawLine(8, i * CELL, 3 * CELL - 8, i * CELL);
        }
        g.setStroke(new BasicStroke(8, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        int m = CELL / 5;
        for (int i = 0; i < 9; i++) {
            int x = (i % 3) * CELL;
            int y = (i / 3) * CELL;
            if (b.at(i) == 'X') {
                g.setColor(new Color(200, 60, 40));
                g.drawLine(x + m, y + m, x + CELL - m, y + CELL - m);
                g.drawLine(x + CELL - m, y + m, x + m, y + CELL - m);
            } else if (b.at(i) == 'O') {
                g.setColor(new Color(40, 110, 200));
                g.drawOval(x + m, y + m, CELL - 2 * m, CELL - 2 * m);
            }
        }
        g.dispose();
        return image;
    }

    static BufferedImage connectFour(ConnectFour.Board b) {
        int size = CELL * 3 / 4;
        BufferedImage image = new BufferedImage(ConnectFour.COLUMNS * size, ConnectFour.ROWS * size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image, new Color(30, 80, 180));
        int m = size / 10;
        for (int r = 0; r < ConnectFour.ROWS; r++) {
            for (int c = 0; c < ConnectFour.COLUMNS; c++) {
                char x = b.at(r, c);
                g.setColor(x == 'X' ? new Color(220, 50, 40) : x == 'O' ? new Color(250, 210, 40) : Color.WHITE);
                g.fillOval(c * size + m, (ConnectFour.ROWS - 1 - r) * size + m, size - 2 * m, size - 2 * m);
            }
        }
        g.dispose();
        return image;
    }
}
