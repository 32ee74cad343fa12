"""The home page's own blocks and the reads behind them (courses, the learner's next
step, sessions). Apart from `home.blocks` because they read `courses`, whose lesson
blocks are built on `home.blocks`."""
