/** Board games — tic-tac-toe and Connect Four — with a perfect solver and an alpha-beta bot to play against. */
package dev.reins.envs.games;
