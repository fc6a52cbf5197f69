#!/usr/bin/env bash
# Builds the CleanRL peer in DIR (default /tmp/cleanrl-peer): CleanRL's ppo.py, dqn.py, td3_continuous_action.py and
# sac_continuous_action.py at a fixed commit with
# Gymnasium 0.29.1 from source, on Debian's python3-torch (apt-get install python3-torch python3-numpy
# libopenblas0-pthread). Needs the two repositories as git directories (CLEANRL_GIT, GYMNASIUM_GIT) and either the wheels
# of cloudpickle, farama-notifications and typing-extensions in WHEELS or Debian's python3-cloudpickle and
# python3-typing-extensions with farama-notifications' repository as a git directory (FARAMA_NOTIFICATIONS_GIT). Nothing here is part of the Maven build.
set -euo pipefail
DIR="${1:-/tmp/cleanrl-peer}"
CLEANRL_COMMIT=fe8d8a03
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$DIR/site"
git --git-dir "$CLEANRL_GIT" archive "$CLEANRL_COMMIT" cleanrl/ppo.py cleanrl/dqn.py cleanrl/td3_continuous_action.py cleanrl/sac_continuous_action.py cleanrl_utils/__init__.py cleanrl_utils/buffers.py | tar -x -C "$DIR"
# A partial mirror may lack some of the docs' blobs: git archive then names one ("invalid object") and still writes the
# whole gymnasium package.
git --git-dir "$GYMNASIUM_GIT" archive v0.29.1 gymnasium | tar -x -C "$DIR/site"
if [ -n "${WHEELS:-}" ]; then
  /usr/bin/python3 -m pip install --quiet --no-index --no-deps --target "$DIR/site" "$WHEELS"/cloudpickle-*.whl \
    "$WHEELS"/farama_notifications-*.whl "$WHEELS"/typing_extensions-*.whl
else
  # Without wheels (PyPI unreachable): Debian's python3-cloudpickle and python3-typing-extensions, and
  # farama-notifications (one small module) from its repository, FARAMA_NOTIFICATIONS_GIT.
  git --git-dir "$FARAMA_NOTIFICATIONS_GIT" archive HEAD farama_notifications | tar -x -C "$DIR/site"
fi
cp "$HERE/tyro.py" "$HERE/sitecustomize.py" "$DIR/site/"
echo "built $DIR: run e.g. (cd $DIR && OPENBLAS_NUM_THREADS=1 PYTHONPATH=$DIR/site:$DIR /usr/bin/python3 cleanrl/ppo.py --seed 1)"
