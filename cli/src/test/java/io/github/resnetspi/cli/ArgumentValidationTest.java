package io.github.resnetspi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resnetspi.cli.exec.ChildJvm;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Command-line validation")
class ArgumentValidationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "train --model resnet-99                   | unknown model 'resnet-99'; known models: d2l-resnet18",
            "train --epochs abc                        | Invalid value for option '--epochs': 'abc' is not an int",
            "train --epochs 0                          | --epochs must be a positive whole number, got 0",
            "train --batch-size 1                      | --batch-size must be at least 2",
            "train --lr -0.1                           | --lr must be a positive number, got -0.1",
            "train --lr NaN                            | --lr must be a positive number, got NaN",
            "train --momentum 1.5                      | --momentum must be in [0, 1), got 1.5",
            "train --weight-decay -1                   | --weight-decay must be zero or positive",
            "train --lr-gamma 0.5                      | --lr-gamma needs --lr-step K",
            "train --lr-step 0                         | --lr-step must be a positive whole number, got 0",
            "train --lr-warmup 2                       | --lr-warmup must be from 0 to fewer than the run's 2 epochs, got 2.0",
            "train --lr-warmup 1 --epochs 1            | --lr-warmup must be from 0 to fewer than the run's 1 epochs, got 1.0",
            "train --lr-warmup 0.1 --lr-step 1         | --lr-warmup and --lr-step are two schedules: give one of them",
            "train --dataset mnist                     | unknown dataset 'mnist'; use one of fashion-mnist, cifar10, synthetic",
            "train --device tpu                        | unknown device 'tpu': use auto, cpu, gpu or gpu:N",
            "train --resize -3                         | --resize must be between 1 and 1024",
            "train --limit-train -5                    | --limit-train must be zero (no limit) or positive",
            "train --resume                            | --resume needs --checkpoint DIR",
            "train --resume-if-present                 | --resume-if-present needs --checkpoint DIR",
            "train --threads 0 --dataset synthetic --model resnet-tiny --backend reference | --threads must be a positive whole number, got 0",
            "train --threads two                       | Invalid value for option '--threads': 'two' is not an int",
            "train --profile fast                      | Invalid value for option '--profile'",
            "train --model gluon-resnet18-cifar10 --dataset synthetic | model gluon-resnet18-cifar10 cannot be built for synthetic images of 1x28x28",
            "compare --backends reference,,x           | --backends has an empty name",
            "compare --backends nonsense               | unknown backend 'nonsense' in --backends",
            "compare --backends reference,reference    | backend 'reference' is named twice",
            "compare --backends reference,REFERENCE    | backend 'reference' is named twice",
            "compare --repeat 0                        | --repeat must be a positive whole number, got 0",
            "compare --parallel 0                      | --parallel must be a positive whole number, got 0",
            "compare --parallel 2                      | --parallel 2 needs --device gpu (each cell gets its own GPU, gpu:0 … gpu:1) or --device cpu",
            "compare --parallel 2 --device gpu:1       | --parallel 2 needs --device gpu",
            "compare --target-accuracy 1.5             | --target-accuracy must be in (0, 1], got 1.5",
            "compare --executor kubernetes             | unknown --executor 'kubernetes'; use local (child JVMs on this machine) or slurm (one sbatch job per cell)",
            "compare --partition gpu                   | --partition is an option of --executor slurm; add --executor slurm, or leave --partition out",
            "compare --no-wait                         | --no-wait is an option of --executor slurm",
            "compare --sbatch-arg=--qos=high           | --sbatch-arg is an option of --executor slurm",
            "compare --executor slurm --parallel 2 --device cpu | --parallel is an option of --executor local; with --executor slurm every cell is a job of its own",
            "compare --executor slurm --device gpu:1   | --executor slurm lets SLURM choose the GPUs: use --device gpu (each cell's job gets --gpus-per-cell GPUs, default 1, and trains on the first), not --device gpu:1",
            "compare --executor slurm --gpus-per-cell 2 --device cpu | --gpus-per-cell needs --device gpu, got --device cpu",
            "compare --executor slurm --gpus-per-cell 0 --device gpu | --gpus-per-cell must be a count or TYPE:COUNT, such as 2 or a100:1, got '0'",
            "compare --executor slurm --poll-interval 0 | --poll-interval must be between 0.1 and 3600 seconds, got 0.0",
            "report /nonexistent/comparison            | /nonexistent/comparison does not exist; name the --out directory of a 'resnet-spi compare'",
            "report                                    | Missing required parameter: 'DIR'",
            "shapes --model resnet18 --input 1,3,224   | bad --input '1,3,224': expected N,C,H,W",
            "shapes --model resnet18 --input 1,3,x,224 | bad --input '1,3,x,224': expected N,C,H,W",
            "shapes --model resnet18 --input 0,3,224,224 | bad --input '0,3,224,224'",
            "shapes --model resnet18                   | Missing required option: '--input=N,C,H,W'",
            "shapes --model resnet-tiny --input 1,1,100000,100000 --backend reference | the input (1, 1, 100000, 100000) would hold 10000000000 values, more than a tensor can (2147483647); use a smaller --input with --backend",
            "shapes --model resnet-tiny --input 2,1,28,28 --backend caffe | unknown backend 'caffe'. Found: ",
            "conformance --backend caffe               | unknown backend 'caffe'. Found: ",
            "train --backend foo --dataset synthetic   | unknown backend 'foo'. Found: ",
            "train --dataset synthetic --batch-size 3000 --resize 1024 | a batch of --batch-size 3000 at --resize 1024 (3000, 1, 1024, 1024) would hold 3145728000 values, more than a tensor can (2147483647); use a smaller --batch-size or --resize",
            "bogus                                     | Unmatched argument at index 0: 'bogus'",
            "train --epochs 1000000                    | --epochs must be at most 100000 (every checkpoint keeps the whole per-epoch history), got 1000000",
            "train --dataset synthetic --batch-size 2147483647 | a batch of --batch-size 2147483647 (2147483647, 1, 28, 28) would hold 1683627179248 values, more than a tensor can",
            "train --limit-test -1                     | --limit-test must be zero (no limit) or positive, got -1",
            "train --lr-gamma 0 --lr-step 1            | --lr-gamma must be a positive number, got 0.0",
            "train --lr 1e400                          | --lr must be a positive number, got Infinity",
            "train --weight-decay Infinity             | --weight-decay must be zero or positive, got Infinity",
            "train --lr-warmup NaN                     | --lr-warmup must be from 0 to fewer than the run's 2 epochs, got NaN",
            "train --resize 1025                       | --resize must be between 1 and 1024 (or 0 to keep the stored size), got 1025",
            "train --device gpu:-1                     | unknown device 'gpu:-1'",
            "compare --repeat 100000                   | --repeat must be at most 1000 runs per backend, got 100000",
            "compare --repeat 2147483647               | --repeat must be at most 1000 runs per backend, got 2147483647",
            "compare --parallel 100 --device cpu       | --parallel must be at most 64 cells at once, got 100",
            "compare --seed 9223372036854775807 --repeat 2 | seeds 9223372036854775807 … 9223372036854775807+1 would run past the largest seed, 9223372036854775807: use a --seed of at most 9223372036854775806 with --repeat 2",
            "compare --target-accuracy NaN             | --target-accuracy must be in (0, 1], got NaN",
            "report /nonexistent --target-accuracy 0   | /nonexistent does not exist",
            "shapes --model resnet18 --input 1,3,96,96 --classes 2147483647 | --classes must be from 2 to 100000, got 2147483647",
            "shapes --model resnet18 --input 1,3,96,96 --classes 1 | --classes must be from 2 to 100000, got 1",
            "shapes --model resnet18 --input 1,3,96,2147483648 | bad --input '1,3,96,2147483648': expected N,C,H,W",
    })
    @DisplayName("bad arguments: exit code 2, one line naming the problem, no stack trace")
    void rejected(String args, String message) {
        Cli r = Cli.run(args.trim().split("\\s+"));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith(ChildJvm.ERROR_PREFIX).contains(message.trim()).doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    @DisplayName("an unknown backend is a bad argument: exit code 2, as docs/cli.md says, listing the backends found (item 11)")
    void unknownBackend() {
        Cli r = Cli.run("train", "--backend", "caffe", "--dataset", "synthetic", "--model", "resnet-tiny");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown backend 'caffe'").contains("Found: ").contains("reference").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("--verbose adds the stack trace")
    void verbose() {
        Cli r = Cli.run("--verbose", "train", "--backend", "caffe", "--dataset", "synthetic", "--model", "resnet-tiny");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("\tat ").contains(ChildJvm.ERROR_PREFIX + "unknown backend 'caffe'");
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"backends", "shapes", "train", "compare", "report", "conformance"})
    @DisplayName("every command has --help")
    void help(String command) {
        Cli r = Cli.run(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: resnet-spi " + command).contains("--help");
    }

    @Test
    @DisplayName("the top-level help lists every command")
    void topHelp() {
        Cli r = Cli.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("backends", "shapes", "train", "compare", "report", "conformance");
    }
}
