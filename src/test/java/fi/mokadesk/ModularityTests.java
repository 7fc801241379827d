package fi.mokadesk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The module structure is part of the design: no cycles, no reaching into another module's internals. */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(MokadeskApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }

    /**
     * Every module names the modules it may use ({@code allowedDependencies} in its package-info), so a new
     * dependency is a decision written down, and {@link #modulesRespectTheirBoundaries} fails on an
     * accidental one. The shared kernel is open and used by all; it depends on nothing.
     */
    @Test
    void everyModuleDeclaresWhatItMayDependOn() throws ClassNotFoundException {
        for (ApplicationModule module : MODULES) {
            String name = module.getIdentifier().toString();
            org.springframework.modulith.ApplicationModule declared = Class.forName(
                            module.getBasePackage().getName() + ".package-info")
                    .getPackage()
                    .getAnnotation(org.springframework.modulith.ApplicationModule.class);
            assertThat(declared).as(name + " has @ApplicationModule").isNotNull();
            if (name.equals("kernel")) {
                assertThat(declared.type()).isEqualTo(org.springframework.modulith.ApplicationModule.Type.OPEN);
            } else {
                assertThat(declared.allowedDependencies())
                        .as(name + " declares allowedDependencies")
                        .isNotEmpty()
                        .contains("kernel");
            }
        }
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
