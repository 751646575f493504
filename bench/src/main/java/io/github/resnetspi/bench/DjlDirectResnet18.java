package io.github.resnetspi.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * d2l.ai's ResNet-18 written the way the DJL edition of the book does, with {@code SequentialBlock}/{@code ParallelBlock},
 * trained with DJL's {@link Trainer}, {@code Loss.softmaxCrossEntropyLoss()} and {@code Optimizer.sgd()}. This is the
 * baseline a DJL backend's throughput is compared with, on the same engine, in the same JVM.
 */
final class DjlDirectResnet18 implements DirectBaseline {
    private final String engine;
    private final Model model;
    private final Trainer trainer;
    private final Shape inputShape;
    private final int batch;
    private final double momentum;
    private final double weightDecay;

    DjlDirectResnet18(String engine, BenchSetup setup) {
        System.setProperty("ai.djl.offline", "true");
        // DJL's training utilities ask for the default engine (MXNet by rank) in places: without this, MXNet's natives
        // and threads would load into the JVM that benchmarks PyTorch
        System.setProperty("ai.djl.default_engine", engine);
        this.engine = engine;
        this.batch = setup.batch();
        this.momentum = setup.momentum();
        this.weightDecay = setup.weightDecay();
        int[] in = setup.network().inputShape().dims();
        this.inputShape = new Shape(batch, in[0], in[1], in[2]);
        this.model = Model.newInstance("d2l-resnet18-direct", Device.cpu(), engine);
        model.setBlock(d2lResnet18(setup.network().classes()));
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                // with momentum, DJL's own fused update (its form keeps lr inside the buffer: the same work per step)
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed((float) setup.learningRate()))
                        .optMomentum((float) setup.momentum()).optWeightDecays((float) setup.weightDecay()).build())
                .optDevices(new Device[] {Device.cpu()});
        this.trainer = model.newTrainer(config);
        trainer.initialize(inputShape);
    }

    @Override
    public String description() {
        return "DJL SequentialBlock/ParallelBlock d2l ResNet-18 + Trainer + Optimizer.sgd (" + engine + ", momentum "
                + momentum + ", weight decay " + weightDecay + ")";
    }

    @Override
    public void trainStep(float[] images, int[] labels) {
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = m.create(FloatBuffer.wrap(images), inputShape);
            float[] classes = new float[labels.length];
            for (int i = 0; i < labels.length; i++) {
                classes[i] = labels[i];
            }
            NDArray y = m.create(classes, new Shape(labels.length));
            Batch b = new Batch(m, new NDList(x), new NDList(y), batch, Batchifier.STACK, Batchifier.STACK, 0, 1);
            EasyTrain.trainBatch(trainer, b);
            trainer.step();
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }

    private static Block d2lResnet18(int classes) {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(7, 7)).optStride(new Shape(2, 2)).optPadding(new Shape(3, 3))
                        .setFilters(64).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int[] channels = {64, 128, 256, 512};
        for (int s = 0; s < channels.length; s++) {
            for (int k = 0; k < 2; k++) {
                boolean first = k == 0 && s > 0;
                net.add(residual(channels[s], first ? 2 : 1, first));
            }
        }
        return net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    private static Block residual(int channels, int stride, boolean use1x1) {
        SequentialBlock main = new SequentialBlock()
                .add(conv3x3(channels, stride))
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(conv3x3(channels, 1))
                .add(BatchNorm.builder().build());
        Block shortcut = use1x1
                ? Conv2d.builder().setFilters(channels).setKernelShape(new Shape(1, 1)).optStride(new Shape(stride, stride)).build()
                : Blocks.identityBlock();
        return new ParallelBlock(list -> new NDList(Activation.relu(
                list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow()))), Arrays.asList(main, shortcut));
    }

    private static Block conv3x3(int channels, int stride) {
        return Conv2d.builder().setFilters(channels).setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1)).build();
    }
}
