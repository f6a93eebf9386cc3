from zhongshu.cli import main

main()
